package dev.poco.runner.workspace;

import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxException;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxLimits;
import dev.poco.runner.sandbox.SandboxSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Runs git on a session workspace, always inside a fresh sandbox of the driver: the repository, its config and its
 * hooks are written by the agent, so host git would execute whatever the agent planted ({@code .git/hooks/*},
 * {@code core.fsmonitor}, filters, {@code diff.external}, ...). Inside, git sees {@code /workspace} and the session
 * home only, with no network, the same isolation as the agent; on top of that every command disables hooks, the
 * fsmonitor, pagers, credential helpers, transports and auto-gc, and reads neither system nor global config.
 *
 * <p>Each call blocks until the command ends; the driver stops it after {@code timeout} (wall clock). Thread-safe.
 */
final class SandboxedGit {

    /** Options before every git subcommand. Filters and {@code include.path} still run, but only in the sandbox. */
    static final List<String> SAFE_OPTIONS = List.of("--no-pager",
            "-c", "core.hooksPath=/dev/null",
            "-c", "core.fsmonitor=false",
            "-c", "core.pager=cat",
            "-c", "color.ui=false",
            "-c", "credential.helper=",
            "-c", "protocol.allow=never",
            "-c", "gc.auto=0",
            "-c", "maintenance.auto=false",
            "-c", "commit.gpgSign=false",
            "-c", "tag.gpgSign=false",
            // The workspace belongs to the sandbox uid anyway; this keeps git working when a host tool changed it.
            "-c", "safe.directory=" + SandboxSpec.WORKSPACE);

    /** The whole environment git sees besides the driver's PATH, HOME, TERM and LANG. */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "GIT_CONFIG_NOSYSTEM", "1",
            "GIT_CONFIG_GLOBAL", "/dev/null",
            "GIT_ATTR_NOSYSTEM", "1",
            "GIT_TERMINAL_PROMPT", "0",
            "GIT_OPTIONAL_LOCKS", "0",
            "GIT_PAGER", "cat");

    /** Default cap on what one command may print; enough for every write command and for {@code rev-parse}. */
    static final int DEFAULT_MAX_STDOUT = 1 << 20;
    private static final int STDERR_TAIL_BYTES = 2000;
    /** Time to wait for the driver to tear a timed-out sandbox down, on top of the git timeout. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(15);
    private static final AtomicLong IDS = new AtomicLong();

    private final SandboxDriver driver;
    private final Duration timeout;
    private final SandboxLimits limits;

    SandboxedGit(SandboxDriver driver, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("git timeout must be positive: " + timeout);
        }
        this.driver = driver;
        this.timeout = timeout;
        this.limits = SandboxLimits.DEFAULTS.withWallClockTimeout(timeout).withMaxProcesses(256);
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs {@code git <safe options> args} in {@code /workspace}. */
    Result git(SessionWorkspace ws, List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(SAFE_OPTIONS);
        argv.addAll(args);
        return exec(ws, argv, null, DEFAULT_MAX_STDOUT);
    }

    /** Runs git and throws a {@link WorkspaceException} naming {@code what} unless it exits 0. */
    Result require(SessionWorkspace ws, String what, String... args) {
        Result result = git(ws, List.of(args));
        if (result.exitCode() != 0) {
            throw failure(ws, what, result);
        }
        return result;
    }

    /**
     * Runs a bash script in {@code /workspace} with {@code args} as {@code $1...}. The script can call {@code g},
     * a function that is git with {@link #SAFE_OPTIONS}.
     *
     * @param stdin bytes fed to the script's stdin (written concurrently with reading its output), or {@code null}
     * @param maxStdout bytes of output kept; the rest is read and dropped ({@link Result#stdoutTruncated()})
     */
    Result bash(SessionWorkspace ws, String script, List<String> args, byte @Nullable [] stdin, int maxStdout) {
        String prelude = "g() { git " + SAFE_OPTIONS.stream().map(SandboxedGit::shellQuote)
                .collect(Collectors.joining(" ")) + " \"$@\"; }\n";
        List<String> argv = new ArrayList<>(List.of("bash", "-c", prelude + script, "poco-git"));
        argv.addAll(args);
        return exec(ws, argv, stdin, maxStdout);
    }

    WorkspaceException failure(SessionWorkspace ws, String what, Result result) {
        if (result.timedOut()) {
            return new WorkspaceException("git " + what + " timed out after " + timeout.toSeconds() + " s in "
                    + ws.workspace() + "; the repository may be very large or a filter in .gitattributes hangs");
        }
        String stderr = result.stderrTail().isEmpty() ? "(no output)" : result.stderrTail();
        return new WorkspaceException("git " + what + " failed in " + ws.workspace() + " (exit " + result.exitCode()
                + "): " + stderr);
    }

    private Result exec(SessionWorkspace ws, List<String> argv, byte @Nullable [] stdin, int maxStdout) {
        SandboxSpec spec = SandboxSpec.builder(nextId())
                .workspace(ws.workspace())
                .home(ws.home())
                .command(argv)
                .env(ENVIRONMENT)
                .limits(limits)
                .build();
        try (SandboxHandle handle = driver.start(spec)) {
            feed(handle.stdin(), stdin);
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> tail(handle.stderr()),
                    SandboxedGit::virtualThread);
            Capture stdout = capture(handle.stdout(), maxStdout);
            if (!handle.waitFor(timeout.plus(EXIT_GRACE))) {
                throw new WorkspaceException("git sandbox " + spec.id() + " for " + ws.workspace()
                        + " did not end after its timeout of " + timeout.toSeconds() + " s");
            }
            return new Result(handle.exitCode().orElse(-1), stdout.bytes(), stdout.truncated(),
                    stderr.get(EXIT_GRACE.toSeconds(), TimeUnit.SECONDS), handle.timedOut());
        } catch (SandboxException e) {
            throw new WorkspaceException("cannot start a sandbox for git in " + ws.workspace() + ": "
                    + e.getMessage(), e);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new WorkspaceException("git in " + ws.workspace() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkspaceException("interrupted while git ran in " + ws.workspace(), e);
        }
    }

    /** Writes {@code bytes} to the command's stdin on its own thread (the command may answer before reading it all). */
    private static void feed(OutputStream stdin, byte @Nullable [] bytes) throws IOException {
        if (bytes == null) {
            stdin.close();
            return;
        }
        virtualThread(() -> {
            try (stdin) {
                stdin.write(bytes);
            } catch (IOException e) {
                // The script ended (or was stopped) before reading everything; its exit status tells the story.
            }
        });
    }

    private static Capture capture(InputStream stream, int max) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(max, 8192));
        byte[] buffer = new byte[8192];
        boolean truncated = false;
        for (int n; (n = stream.read(buffer)) >= 0; ) {
            int room = max - kept.size();
            if (n > room) {
                truncated = true;
            }
            kept.write(buffer, 0, Math.min(n, Math.max(room, 0)));
        }
        return new Capture(kept.toByteArray(), truncated);
    }

    private static String tail(InputStream stream) {
        byte[] ring = new byte[STDERR_TAIL_BYTES];
        long total = 0;
        byte[] buffer = new byte[4096];
        try (stream) {
            for (int n; (n = stream.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    ring[(int) (total++ % STDERR_TAIL_BYTES)] = buffer[i];
                }
            }
        } catch (IOException e) {
            // pipe closed by close(); keep what arrived
        }
        int length = (int) Math.min(total, STDERR_TAIL_BYTES);
        byte[] last = new byte[length];
        for (int i = 0; i < length; i++) {
            last[i] = ring[(int) ((total - length + i) % STDERR_TAIL_BYTES)];
        }
        return new String(last, StandardCharsets.UTF_8).strip();
    }

    private static void virtualThread(Runnable task) {
        Thread.ofVirtual().name("poco-git-io").start(task);
    }

    private static String nextId() {
        return "poco-git-" + IDS.incrementAndGet() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    static String shellQuote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private record Capture(byte[] bytes, boolean truncated) {
    }

    /**
     * What one sandboxed command did.
     *
     * @param exitCode the command's exit status, 128+signal if killed
     * @param stdout its output, at most the requested cap
     * @param stderrTail the last 2000 bytes of its stderr, stripped
     * @param timedOut whether the driver stopped it at the git timeout
     */
    record Result(int exitCode, byte[] stdout, boolean stdoutTruncated, String stderrTail, boolean timedOut) {

        String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }
}
