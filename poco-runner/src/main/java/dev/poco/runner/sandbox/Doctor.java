package dev.poco.runner.sandbox;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./poco doctor}: what isolation a sandbox gets on this host, without a server or database. Builds the driver
 * as the runner would, prints its {@link IsolationReport}, starts one sandbox under the runner's limits, and prints the
 * Claude Code CLI's version. With {@code POCO_SANDBOX_DRIVER=none} it warns that runs are not isolated instead. Exit
 * status 1 when no sandbox can start here (or {@code none} is not allowed), or when {@code
 * POCO_RUNNER_REQUIRE_LIMITS} is true and a limit is not enforced (the runner would refuse to start); 0 otherwise.
 */
public final class Doctor {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Doctor() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.getenv()));
    }

    /** Checks with the runner's default driver settings under {@code $POCO_HOME}. */
    public static int run(PrintStream out, Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("POCO_HOME", System.getProperty("user.home") + "/.poco"));
        return run(out, env, BubblewrapOptions.defaults().withStateDir(home.resolve("run/sandboxes")));
    }

    static int run(PrintStream out, Map<String, String> env, BubblewrapOptions options) {
        boolean requireLimits = Boolean.parseBoolean(env.getOrDefault("POCO_RUNNER_REQUIRE_LIMITS", "false").strip());
        out.println("Poco doctor: sandbox isolation on this host");
        String driverName = env.getOrDefault("POCO_SANDBOX_DRIVER", "bubblewrap").strip().toLowerCase(Locale.ROOT);
        if (!driverName.equals("bubblewrap")) {
            int status = unsandboxed(out, env, driverName);
            out.println("claude cli: " + cliVersion(env.get("POCO_CLAUDE_BIN")));
            return status;
        }
        int status = 0;
        try (BubblewrapSandboxDriver driver = new BubblewrapSandboxDriver(options, LimitOptions.defaults())) {
            IsolationReport report = driver.isolationReport();
            String started = startOne(driver, options.stateDir());
            out.println("sandbox: " + (started.isEmpty() ? "usable" : "UNUSABLE: " + started));
            report.lines().forEach(out::println);
            if (!started.isEmpty()) {
                status = 1;
            }
            if (!report.unenforced().isEmpty()) {
                out.println("require limits: " + requireLimits + " (POCO_RUNNER_REQUIRE_LIMITS): the runner "
                        + (requireLimits ? "REFUSES to start" : "starts and warns") + " because "
                        + report.unenforced().size() + " limit(s) are not enforced");
                status = requireLimits ? 1 : status;
            } else {
                out.println("require limits: " + requireLimits + " (POCO_RUNNER_REQUIRE_LIMITS): every limit is"
                        + " enforced");
            }
        } catch (SandboxException e) {
            out.println("sandbox: UNUSABLE: " + e.getMessage());
            status = 1;
        }
        out.println("claude cli: " + cliVersion(env.get("POCO_CLAUDE_BIN")));
        return status;
    }

    /** POCO_SANDBOX_DRIVER other than bubblewrap: {@code none} (warned about, refused unless allowed), or wrong. */
    private static int unsandboxed(PrintStream out, Map<String, String> env, String driver) {
        if (!driver.equals("none")) {
            out.println("sandbox driver: UNKNOWN " + driver + " (POCO_SANDBOX_DRIVER); allowed values: bubblewrap, none");
            return 1;
        }
        boolean allowed = Boolean.parseBoolean(env.getOrDefault("POCO_SANDBOX_ALLOW_UNSANDBOXED", "false").strip());
        out.println("sandbox driver: none (POCO_SANDBOX_DRIVER): WARNING: NO ISOLATION, the agent runs directly on"
                + " this host as the runner's user, with its files and network; for development only");
        out.println("sandbox: " + (allowed ? "allowed by POCO_SANDBOX_ALLOW_UNSANDBOXED=true"
                : "REFUSED: the runner does not start unless POCO_SANDBOX_ALLOW_UNSANDBOXED=true"));
        return allowed ? 0 : 1;
    }

    /** Runs {@code true} in a sandbox with default limits; empty when it worked, else what went wrong. */
    private static String startOne(SandboxDriver driver, Path stateDir) {
        String id = "doctor-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = stateDir.resolve(id);
        try {
            Path workspace = Files.createDirectories(dir.resolve("workspace"));
            Path home = Files.createDirectories(dir.resolve("home"));
            SandboxSpec spec = SandboxSpec.builder(id).workspace(workspace).home(home).command("true").build();
            try (SandboxHandle handle = driver.start(spec)) {
                if (!handle.waitFor(WAIT)) {
                    return "a trivial sandbox did not finish within " + WAIT;
                }
                int exit = handle.exitCode().orElse(-1);
                return exit == 0 ? "" : "a trivial sandbox exited with " + exit + " ("
                        + new String(handle.stderr().readAllBytes(), StandardCharsets.UTF_8).strip()
                        + ")";
            }
        } catch (IOException | SandboxException e) {
            return "a trivial sandbox did not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // nothing left to clean
            }
        }
    }

    private static String cliVersion(@Nullable String binary) {
        if (binary == null || binary.isBlank()) {
            return "POCO_CLAUDE_BIN not set (./poco doctor sets it to the pinned install)";
        }
        try {
            Process process = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            process.getOutputStream().close();
            String version = new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "NOT WORKING: " + binary + " --version did not finish";
            }
            return process.exitValue() == 0 ? version + " (" + binary + ")"
                    : "NOT WORKING: " + binary + " --version exited " + process.exitValue() + ": " + version;
        } catch (IOException e) {
            return "NOT FOUND: " + binary + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
