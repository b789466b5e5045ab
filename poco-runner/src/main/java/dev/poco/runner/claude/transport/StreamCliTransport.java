package dev.poco.runner.claude.transport;

import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.error.CliProcessException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link CliTransport} over the streams of a CLI that someone else started ({@link CliProcess}: a host process, or a
 * command in a sandbox of any driver). This class never starts anything; it owns the CLI it is given and terminates
 * it on {@link #close()}.
 *
 * <p>Two platform daemon threads per CLI: one reads stdout through {@link JsonLineFramer} and calls the
 * {@link Listener}; one drains stderr into a bounded tail (see {@link Options#stderrTailChars()}).
 */
public final class StreamCliTransport implements CliTransport {

    private static final Duration STDERR_DRAIN_WAIT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(StreamCliTransport.class);
    private static final Duration TERMINATE_WAIT = Duration.ofSeconds(2);
    private static final Duration JOIN_WAIT = Duration.ofSeconds(2);

    /**
     * Tuning of one transport.
     *
     * @param maxLineBytes cap on one stdout line, that is one message of the CLI. 64 MiB by default: the SDK's 1 MiB
     *     killed runs whose model wrote a large file in one tool call or returned a long answer (a Write of a 2 MB
     *     file is one assistant message); the buffer grows only as far as a line needs
     * @param stderrTailChars how much of stderr's end is kept for errors and the run log
     * @param stderrLineConsumer called with each stderr line on the stderr thread, or null
     * @param closeGrace how long {@link #close()} waits for the CLI to exit by itself after stdin EOF
     * @param mapper parses and writes the JSON lines
     */
    public record Options(int maxLineBytes, int stderrTailChars, @Nullable Consumer<String> stderrLineConsumer,
            Duration closeGrace, JsonMapper mapper) {

        public static final int DEFAULT_MAX_LINE_BYTES = 64 << 20;
        public static final int DEFAULT_STDERR_TAIL_CHARS = 64 * 1024;

        public Options {
            if (maxLineBytes <= 0 || stderrTailChars <= 0) {
                throw new IllegalArgumentException("sizes must be positive");
            }
            Objects.requireNonNull(closeGrace, "closeGrace");
            Objects.requireNonNull(mapper, "mapper");
        }

        /** 64 MiB lines, 64 Ki characters of stderr tail, no stderr consumer, 5 s close grace. */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_LINE_BYTES, DEFAULT_STDERR_TAIL_CHARS, null, Duration.ofSeconds(5),
                    JsonMapper.builder().build());
        }

        public Options withMaxLineBytes(int bytes) {
            return new Options(bytes, stderrTailChars, stderrLineConsumer, closeGrace, mapper);
        }

        public Options withStderrLineConsumer(@Nullable Consumer<String> consumer) {
            return new Options(maxLineBytes, stderrTailChars, consumer, closeGrace, mapper);
        }

        public Options withCloseGrace(Duration grace) {
            return new Options(maxLineBytes, stderrTailChars, stderrLineConsumer, grace, mapper);
        }
    }

    private final CliProcess process;
    private final Options options;
    private final StderrDrainer stderr;
    private final OutputStream stdin;
    private final Object writeLock = new Object();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean inputEnded;
    private @Nullable Thread stdoutThread;
    private volatile @Nullable Thread stderrThread;

    public StreamCliTransport(Process process) {
        this(CliProcess.of(process), Options.defaults());
    }

    public StreamCliTransport(Process process, Options options) {
        this(CliProcess.of(process), options);
    }

    public StreamCliTransport(CliProcess process, Options options) {
        this.process = process;
        this.options = options;
        this.stdin = process.stdin();
        this.stderr = new StderrDrainer(process.stderr(), options.stderrTailChars(), options.stderrLineConsumer());
    }

    @Override
    public void start(Listener listener) {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("transport already started");
        }
        String suffix = "-" + process.name();
        stderrThread = Thread.ofPlatform().daemon().name("claude-stderr" + suffix).start(stderr);
        stdoutThread = Thread.ofPlatform().daemon().name("claude-stdout" + suffix).start(() -> readStdout(listener));
    }

    @Override
    public void write(JsonNode message) {
        byte[] line = (options.mapper().writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (writeLock) {
            if (inputEnded) {
                throw new CliProcessException("Cannot write to Claude Code: stdin already closed", exitCodeNow(),
                        stderrTail());
            }
            try {
                stdin.write(line);
                stdin.flush();
            } catch (IOException e) {
                throw new CliProcessException("Cannot write to Claude Code stdin: " + e.getMessage(), exitCodeNow(),
                        stderrTail(), e);
            }
        }
    }

    @Override
    public void endInput() {
        synchronized (writeLock) {
            if (inputEnded) {
                return;
            }
            inputEnded = true;
            try {
                stdin.close();
            } catch (IOException e) {
                log.debug("Closing Claude Code stdin failed: {}", e.toString());
            }
        }
    }

    @Override
    public boolean isAlive() {
        return !process.exit().isDone();
    }

    @Override
    public OptionalInt awaitExit(Duration timeout) {
        try {
            int status = process.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // Let the drainer reach end of stream, so the tail attached to a failure holds what the
            // process wrote last (a grandchild keeping stderr open bounds the wait, not blocks it).
            Thread drainer = stderrThread;
            if (drainer != null) {
                drainer.join(STDERR_DRAIN_WAIT.toMillis());
            }
            return OptionalInt.of(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            // still running (the exit future never fails)
        }
        return OptionalInt.empty();
    }

    @Override
    public String stderrTail() {
        return stderr.tail();
    }

    /** The CLI's name (a pid, a sandbox id), for logs. */
    public String name() {
        return process.name();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        endInput();
        if (awaitExit(options.closeGrace()).isEmpty()) {
            log.debug("Claude Code ({}) still running {} ms after stdin EOF; terminating", process.name(),
                    options.closeGrace().toMillis());
            process.terminate(TERMINATE_WAIT);
            if (awaitExit(TERMINATE_WAIT).isEmpty()) {
                log.warn("Claude Code ({}) did not die after SIGKILL", process.name());
            }
        }
        join(stdoutThread);
        join(stderrThread);
        // A grandchild that inherited the pipes can keep them open after the CLI died; closing unblocks the readers.
        closeQuietly(process.stdout());
        closeQuietly(process.stderr());
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            log.debug("Closing a Claude Code pipe failed: {}", e.toString());
        }
    }

    private void readStdout(Listener listener) {
        var framer = new JsonLineFramer(options.maxLineBytes(), options.mapper(), listener::onMessage);
        InputStream in = process.stdout();
        byte[] buf = new byte[64 * 1024];
        @Nullable CliException failure = null;
        try {
            int n;
            while ((n = in.read(buf)) != -1) {
                framer.feed(buf, 0, n);
            }
            framer.finish();
        } catch (CliException e) {
            failure = e;
        } catch (IOException e) {
            if (!closed.get()) {
                failure = new CliProcessException("Reading Claude Code stdout failed: " + e.getMessage(),
                        exitCodeNow(), stderrTail(), e);
            }
        } catch (RuntimeException e) {
            failure = new CliException("Claude Code stdout listener failed", e);
        }
        try {
            listener.onClosed(failure);
        } catch (RuntimeException e) {
            log.warn("Claude Code transport listener failed on close", e);
        }
        if (failure != null) {
            discardRest(in);
        }
    }

    /** After a fatal stream error keep the pipe empty, so the CLI does not block before it is closed. */
    private static void discardRest(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // the process is gone or the stream was closed by close(); nothing left to drain
        }
    }

    private @Nullable Integer exitCodeNow() {
        CompletableFuture<Integer> exit = process.exit();
        return exit.isDone() ? exit.join() : null;
    }

    private static void join(@Nullable Thread thread) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            if (!thread.join(JOIN_WAIT)) {
                log.debug("Thread {} still running after close", thread.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
