package dev.poco.runner.claude;

import dev.poco.runner.claude.error.CliNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Finds the native Claude Code binary and checks it is the pinned version.
 *
 * <p>Order: an explicit path, else {@code $POCO_CLAUDE_BIN}, else the runtime install
 * {@code <POCO_HOME or ~/.poco>/runtime/claude-code-<version>/node_modules/@anthropic-ai/claude-code-linux-<arch>/claude}
 * ({@code <arch>} is {@code x64} or {@code arm64}). The binary must be an executable file whose {@code --version}
 * starts with the pinned version. Any failure is a {@link CliNotFoundException} whose message says how to fix it.
 *
 * <p>{@link #locate()} runs {@code --version} (about 0.2 s), so call it once at start-up, not per run.
 */
public final class ClaudeCliLocator {

    /** The CLI version this driver was verified against. */
    public static final String PINNED_VERSION = "2.1.197";
    public static final String ENV_CLAUDE_BIN = "POCO_CLAUDE_BIN";
    public static final String ENV_POCO_HOME = "POCO_HOME";
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(20);

    private final Map<String, String> env;
    private final Path userHome;
    private final String osArch;
    private final String version;

    /** Uses the process environment, {@code user.home}, {@code os.arch} and {@link #PINNED_VERSION}. */
    public ClaudeCliLocator() {
        this(System.getenv(), Path.of(System.getProperty("user.home")), System.getProperty("os.arch"),
                PINNED_VERSION);
    }

    public ClaudeCliLocator(Map<String, String> env, Path userHome, String osArch, String version) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
        this.osArch = osArch;
        this.version = version;
    }

    /** Locates and verifies the binary from {@code $POCO_CLAUDE_BIN} or the runtime install. */
    public Path locate() {
        return locate(null);
    }

    /**
     * Locates and verifies the binary.
     *
     * @param explicit a configured path that wins over everything else, or null
     * @throws CliNotFoundException if it is missing, not executable, or not the pinned version
     */
    public Path locate(@Nullable Path explicit) {
        Path candidate;
        String origin;
        String fromEnv = env.get(ENV_CLAUDE_BIN);
        if (explicit != null) {
            candidate = explicit;
            origin = "the configured path";
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            candidate = Path.of(fromEnv);
            origin = ENV_CLAUDE_BIN;
        } else {
            candidate = defaultBinary();
            origin = "the Poco runtime directory";
        }
        verify(candidate, origin);
        return candidate;
    }

    /** {@code <POCO_HOME or ~/.poco>/runtime/claude-code-<version>}: where {@code npm install} puts the CLI. */
    public Path runtimeDirectory() {
        String pocoHome = env.get(ENV_POCO_HOME);
        Path home = pocoHome != null && !pocoHome.isBlank() ? Path.of(pocoHome) : userHome.resolve(".poco");
        return home.resolve("runtime").resolve("claude-code-" + version);
    }

    /** The binary inside {@link #runtimeDirectory()} for this machine's architecture. */
    public Path defaultBinary() {
        return runtimeDirectory().resolve("node_modules/@anthropic-ai/claude-code-linux-" + npmArch() + "/claude");
    }

    /** How to install the pinned version; part of every {@link CliNotFoundException} message. */
    public String installHint() {
        Path dir = runtimeDirectory();
        return "Run ./poco, which installs Claude Code " + version + ", or install it by hand: mkdir -p " + dir
                + " && cd " + dir + " && npm install @anthropic-ai/claude-code@" + version
                + " (or set " + ENV_CLAUDE_BIN + " to a Claude Code " + version + " binary).";
    }

    private String npmArch() {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64", "x64" -> "x64";
            case "aarch64", "arm64" -> "arm64";
            default -> throw new CliNotFoundException("Claude Code has no Linux build for CPU architecture '" + osArch
                    + "'; Poco supports x64 and arm64.", null);
        };
    }

    private void verify(Path binary, String origin) {
        if (!Files.isRegularFile(binary)) {
            throw new CliNotFoundException("Claude Code " + version + " not found at " + binary + " (from " + origin
                    + "). " + installHint(), binary);
        }
        if (!Files.isExecutable(binary)) {
            throw new CliNotFoundException("Claude Code at " + binary + " (from " + origin
                    + ") is not executable; run chmod +x " + binary + ". " + installHint(), binary);
        }
        String reported = probeVersion(binary);
        String first = reported.strip().split("\\s+", 2)[0];
        if (!version.equals(first)) {
            throw new CliNotFoundException("Claude Code at " + binary + " (from " + origin + ") reports version '"
                    + reported.strip() + "' but Poco needs " + version + ". " + installHint(), binary);
        }
    }

    private String probeVersion(Path binary) {
        Path output = null;
        Process process = null;
        try {
            // Output goes to a file, not a pipe: a hanging binary cannot block us past the timeout.
            output = Files.createTempFile("claude-version", ".txt");
            process = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .start();
            if (!process.waitFor(VERSION_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new CliNotFoundException(binary + " --version did not finish within "
                        + VERSION_TIMEOUT.toSeconds() + " s. " + installHint(), binary);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new CliNotFoundException(binary + " --version exited with " + process.exitValue() + ": "
                        + text.strip() + ". " + installHint(), binary);
            }
            return text;
        } catch (IOException e) {
            throw new CliNotFoundException("Cannot run " + binary + " --version: " + e.getMessage() + ". "
                    + installHint(), binary, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliNotFoundException("Interrupted while checking " + binary + " --version", binary, e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // a leftover temp file of a few bytes is harmless
                }
            }
        }
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }
}
