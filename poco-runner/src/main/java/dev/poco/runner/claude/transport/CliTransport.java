package dev.poco.runner.claude.transport;

import dev.poco.runner.claude.error.CliException;
import java.time.Duration;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A bidirectional stream of JSON objects to and from one Claude Code CLI process ({@code --input-format stream-json
 * --output-format stream-json}). It frames lines and parses JSON; it does not interpret messages (the control protocol
 * is built on top of it).
 *
 * <p>Threading: {@link #start} is called once; afterwards {@link Listener} callbacks arrive on one reader thread, in
 * stdout order. {@link #write}, {@link #endInput} and {@link #close} may be called from any thread.
 *
 * <p>Implementations outside this package are expected only as test fixtures; the interface may still change.
 */
public interface CliTransport extends AutoCloseable {

    /** Receives what the CLI writes to stdout. Both methods are called on the transport's reader thread. */
    interface Listener {

        /** One JSON object from one stdout line. Must not block for long: reading pauses until it returns. */
        void onMessage(ObjectNode message);

        /**
         * Stdout has ended (EOF) or reading failed; called exactly once, after the last {@link #onMessage}.
         *
         * @param error null on a clean EOF, otherwise why reading stopped (for example a
         *     {@link dev.poco.runner.claude.error.CliProtocolException} for an unparsable line)
         */
        void onClosed(@Nullable CliException error);
    }

    /**
     * Starts reading stdout (and draining stderr) and delivering objects to {@code listener}. Does not block.
     *
     * @throws IllegalStateException if already started
     */
    void start(Listener listener);

    /**
     * Writes {@code message} as one line to the CLI's stdin and flushes. Thread-safe: concurrent writers never
     * interleave. Blocks only while the OS pipe is full.
     *
     * @throws dev.poco.runner.claude.error.CliProcessException if stdin is closed or the write fails
     */
    void write(JsonNode message);

    /** Closes the CLI's stdin, which makes the CLI finish and exit. Idempotent; never throws. */
    void endInput();

    /** Whether the CLI process is still running. */
    boolean isAlive();

    /**
     * Waits up to {@code timeout} for the process to exit.
     *
     * @return the exit code, or empty if it is still running after {@code timeout} (or the wait was interrupted, in
     *     which case the thread's interrupt flag is set again)
     */
    OptionalInt awaitExit(Duration timeout);

    /** The last bytes the CLI wrote to stderr (bounded; empty when nothing was written). Thread-safe. */
    String stderrTail();

    /**
     * Ends input, waits a bounded time for the process to exit, then terminates it (and, if it still runs, kills it
     * forcibly). Every wait inside is bounded, so {@code close()} returns within a few seconds whatever the CLI does.
     * Idempotent; never throws.
     */
    @Override
    void close();
}
