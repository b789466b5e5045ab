package dev.poco.runner.claude.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A running CLI as streams, wherever it runs (a host process, a sandbox, a container): what {@link StreamCliTransport}
 * needs and nothing more. The transport owns it once given.
 */
public interface CliProcess {

    /** The CLI's standard input. */
    OutputStream stdin();

    /** The CLI's standard output. */
    InputStream stdout();

    /** The CLI's standard error. */
    InputStream stderr();

    /** Completes with the exit status once the CLI has ended; never fails. */
    CompletableFuture<Integer> exit();

    /**
     * Ends the CLI and everything it started: SIGTERM, then SIGKILL once {@code grace} has passed. Blocks until it has
     * ended (at most {@code grace} plus a few seconds). Idempotent.
     */
    void terminate(Duration grace);

    /** A short name for thread names and logs, such as a pid or a sandbox id. */
    String name();

    /** A CLI in {@code streams} with its own exit and termination, e.g. a sandbox's. */
    static CliProcess of(OutputStream stdin, InputStream stdout, InputStream stderr, CompletableFuture<Integer> exit,
            Consumer<Duration> terminate, String name) {
        return new CliProcess() {
            @Override
            public OutputStream stdin() {
                return stdin;
            }

            @Override
            public InputStream stdout() {
                return stdout;
            }

            @Override
            public InputStream stderr() {
                return stderr;
            }

            @Override
            public CompletableFuture<Integer> exit() {
                return exit;
            }

            @Override
            public void terminate(Duration grace) {
                terminate.accept(grace);
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** A CLI started directly as a host {@link Process}; termination also ends its descendants. */
    static CliProcess of(Process process) {
        return of(process.getOutputStream(), process.getInputStream(), process.getErrorStream(),
                process.onExit().thenApply(Process::exitValue), grace -> {
                    process.descendants().forEach(ProcessHandle::destroy);
                    process.destroy();
                    try {
                        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                            process.descendants().forEach(ProcessHandle::destroyForcibly);
                            process.destroyForcibly();
                            process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, Long.toString(process.pid()));
    }
}
