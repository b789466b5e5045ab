package dev.poco.runner.report;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.CallbackDisposition;
import dev.poco.protocol.CallbackRequest;
import dev.poco.protocol.CallbackResponse;
import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.GatewayUsage;
import dev.poco.protocol.TextDelta;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.server.ServerRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Sends one run's callbacks in order on its own thread, so the CLI's output is never held up by
 * the network; what piles up meanwhile goes out as one batch ({@code POST /callbacks}). Each callback gets the next sequence number when it is queued and keeps it through
 * retries (network errors and 5xx are retried with the runner's {@link ServerRetry} policy for up
 * to {@code retryFor}; a refusal is logged and skipped). When the server's {@link CallbackDisposition} says it drops this run's
 * callbacks from now on (session canceled, run finished), later callbacks are not sent.
 *
 * <p>Text deltas ({@link #delta}) share the queue, so the server sees a block's deltas before the message that
 * completes it. They are best effort: the first after a pause goes out at once, later ones are coalesced for
 * {@link #DELTA_INTERVAL} (or until {@link #DELTA_CHARS} characters wait); a delta queued before a callback is
 * dropped when both are still waiting (the callback's message holds its text), and a failed delta post is not
 * retried. After {@link #DELTA_FAILURES} failures in a row, or a refusal (a server without the endpoint), the run
 * sends no more deltas. The final message is always the record.
 */
public final class CallbackReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallbackReporter.class);
    private static final CallbackRequest END = CallbackRequest.of(new UUID(0, 0), new UUID(0, 0), 0,
            CallbackStatus.ACCEPTED, 0, null, null, null);

    private static final int MAX_BATCH = 50;
    /** How long later deltas wait for more to join them (the first after a quiet spell waits for nothing). */
    static final Duration DELTA_INTERVAL = Duration.ofMillis(15);
    /** Waiting deltas go out early once they hold this many characters. */
    static final int DELTA_CHARS = 2000;
    static final int DELTA_FAILURES = 3;

    private final ServerClient server;
    private final UUID sessionId;
    private final UUID runId;
    private final Duration retryFor;
    private final ServerRetry retry;
    /** {@link CallbackRequest}s and {@link TextDelta}s in the order they were queued. */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread sender;
    private long seq;
    private volatile boolean dropped;
    private volatile int sent;
    private volatile boolean deltasOff;
    private volatile int deltasSent;
    private int deltaFailures;
    private long lastDeltaNanos = System.nanoTime() - DELTA_INTERVAL.toNanos();

    public CallbackReporter(ServerClient server, UUID sessionId, UUID runId, Duration retryFor) {
        this.server = server;
        this.sessionId = sessionId;
        this.runId = runId;
        this.retryFor = retryFor;
        this.retry = ServerRetry.backoff(Duration.ofMillis(250), Duration.ofSeconds(5)).within(retryFor);
        this.sender = Thread.ofVirtual().name("callbacks-" + runId).start(this::sendLoop);
    }

    /** Queues a running-status callback with one message and the current state. */
    public synchronized void report(@Nullable JsonNode message, @Nullable AgentState state, int progress) {
        enqueue(CallbackStatus.RUNNING, progress, message, state, null, null);
    }

    /** Queues the terminal callback; {@link #close()} waits for it to be delivered. */
    public synchronized void finish(CallbackStatus status, int progress, @Nullable AgentState state,
            @Nullable String error) {
        finish(status, progress, state, error, null);
    }

    /** Queues the terminal callback with the model gateway's metered usage, the run's usage of record. */
    public synchronized void finish(CallbackStatus status, int progress, @Nullable AgentState state,
            @Nullable String error, @Nullable GatewayUsage usage) {
        enqueue(status, status == CallbackStatus.COMPLETED ? 100 : progress, null, state, error, usage);
    }

    /**
     * Queues a piece of the model's text for the session's live streams (never stored; see the class comment).
     * Returns at once.
     */
    public void delta(TextDelta delta) {
        if (!dropped && !deltasOff) {
            queue.add(delta);
        }
    }

    /** Deltas the server accepted (posts may merge several). */
    public int deltasSent() {
        return deltasSent;
    }

    /** True once the server said it no longer wants this run's callbacks (canceled or finished). */
    public boolean dropped() {
        return dropped;
    }

    public int sent() {
        return sent;
    }

    private void enqueue(CallbackStatus status, int progress, @Nullable JsonNode message, @Nullable AgentState state,
            @Nullable String error, @Nullable GatewayUsage usage) {
        if (dropped) {
            return;
        }
        queue.add(CallbackRequest.of(sessionId, runId, ++seq, status, Math.max(progress, 0), message, state, error)
                .withGatewayUsage(usage));
    }

    private void sendLoop() {
        try {
            while (true) {
                Object next = queue.take();
                if (next == END) {
                    return;
                }
                List<Object> items = new ArrayList<>();
                items.add(next);
                boolean end = next instanceof TextDelta first ? coalesce(first, items) : false;
                // A backlog (a burst of messages, or a server that was away) goes out as one batch.
                int callbacks = (int) items.stream().filter(CallbackRequest.class::isInstance).count();
                while (!end && callbacks < MAX_BATCH) {
                    Object more = queue.poll();
                    if (more == null) {
                        break;
                    }
                    if (more == END) {
                        end = true;
                        break;
                    }
                    items.add(more);
                    if (more instanceof CallbackRequest) {
                        callbacks++;
                    }
                }
                // Deltas before a callback are covered by its message: only those after the last callback go out.
                List<CallbackRequest> batch = new ArrayList<>();
                List<TextDelta> deltas = new ArrayList<>();
                for (Object item : items) {
                    if (item instanceof CallbackRequest callback) {
                        batch.add(callback);
                        deltas.clear();
                    } else if (item instanceof TextDelta delta) {
                        deltas.add(delta);
                    }
                }
                if (!batch.isEmpty() && !dropped) {
                    deliver(batch);
                }
                if (!deltas.isEmpty() && !dropped && !deltasOff) {
                    deliverDeltas(deltas);
                }
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Lets deltas gather until {@link #DELTA_INTERVAL} after the previous delta post, unless that is past already (the
     * first delta never waits), enough characters wait, or a callback comes (then they are covered by it). True when
     * the end of the queue was taken.
     */
    private boolean coalesce(TextDelta first, List<Object> items) throws InterruptedException {
        long until = lastDeltaNanos + DELTA_INTERVAL.toNanos();
        int chars = first.text().length();
        while (chars < DELTA_CHARS) {
            long wait = until - System.nanoTime();
            if (wait <= 0) {
                return false;
            }
            Object more = queue.poll(wait, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (more == null) {
                return false;
            }
            if (more == END) {
                return true;
            }
            items.add(more);
            if (more instanceof CallbackRequest) {
                return false;
            }
            chars += ((TextDelta) more).text().length();
        }
        return false;
    }

    private void deliverDeltas(List<TextDelta> deltas) {
        List<TextDelta> merged = new ArrayList<>();
        for (TextDelta delta : deltas) {
            TextDelta last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && last.continuedBy(delta)) {
                merged.set(merged.size() - 1, last.append(delta));
            } else {
                merged.add(delta);
            }
        }
        lastDeltaNanos = System.nanoTime();
        try {
            server.deltas(runId, merged);
            deltaFailures = 0;
            deltasSent += deltas.size();
        } catch (ServerException e) {
            // Best effort: the final message carries the text anyway.
            if (!e.retryable() || ++deltaFailures >= DELTA_FAILURES) {
                log.info("Run {} sends no more text deltas: {}", runId, e.getMessage());
                deltasOff = true;
            } else {
                log.debug("Text deltas of run {} lost: {}", runId, e.getMessage());
            }
        } catch (RuntimeException e) {
            log.info("Run {} sends no more text deltas: {}", runId, e.toString());
            deltasOff = true;
        }
    }

    private void deliver(List<CallbackRequest> batch) throws InterruptedException {
        String seqs = batch.getFirst().seq() + (batch.size() > 1 ? ".." + batch.getLast().seq() : "");
        List<CallbackResponse> answers;
        try {
            answers = retry.call(() -> batch.size() == 1 ? List.of(server.callback(batch.getFirst()))
                    : server.callbacks(batch), failure -> log.debug("Callbacks {} of run {} failed, retrying: {}",
                            seqs, runId, failure.getMessage()));
        } catch (ServerException e) {
            if (!e.retryable()) {
                log.warn("Callbacks {} of run {} refused, skipped: {}", seqs, runId, e.getMessage());
            } else {
                log.error("Giving up callbacks {} of run {} after {}: {}", seqs, runId, retryFor, e.getMessage());
                dropped = true;
            }
            return;
        }
        sent += batch.size();
        for (CallbackResponse response : answers) {
            // Decided on the disposition, never on the note: a missing or unknown one (another
            // server) keeps the callbacks flowing, and the server still drops what it does not want.
            CallbackDisposition disposition = response.disposition();
            if (disposition != null && disposition.endsCallbacks()) {
                log.info("Server stopped accepting callbacks of run {} ({}): {}", runId, disposition.wire(),
                        response.message());
                dropped = true;
            }
        }
    }

    /** Waits up to {@code timeout} for queued callbacks to be delivered; true if all were. */
    public boolean drain(Duration timeout) throws InterruptedException {
        queue.add(END);
        sender.join(timeout);
        return !sender.isAlive();
    }

    /** Delivers what is queued (waiting up to 30 s), then stops the sender. */
    @Override
    public void close() {
        try {
            if (!drain(Duration.ofSeconds(30))) {
                log.warn("Callbacks of run {} still pending after 30 s; abandoning them", runId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            dropped = true;
            sender.interrupt();
        }
    }
}
