package dev.poco.runner.report;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.CallbackDisposition;
import dev.poco.protocol.CallbackRequest;
import dev.poco.protocol.CallbackResponse;
import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.GatewayUsage;
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
 */
public final class CallbackReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallbackReporter.class);
    private static final CallbackRequest END = CallbackRequest.of(new UUID(0, 0), new UUID(0, 0), 0,
            CallbackStatus.ACCEPTED, 0, null, null, null);

    private static final int MAX_BATCH = 50;

    private final ServerClient server;
    private final UUID sessionId;
    private final UUID runId;
    private final Duration retryFor;
    private final ServerRetry retry;
    private final BlockingQueue<CallbackRequest> queue = new LinkedBlockingQueue<>();
    private final Thread sender;
    private long seq;
    private volatile boolean dropped;
    private volatile int sent;

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
                CallbackRequest next = queue.take();
                if (next == END) {
                    return;
                }
                // A backlog (a burst of messages, or a server that was away) goes out as one batch.
                List<CallbackRequest> batch = new ArrayList<>();
                batch.add(next);
                boolean end = false;
                while (batch.size() < MAX_BATCH) {
                    CallbackRequest more = queue.poll();
                    if (more == null) {
                        break;
                    }
                    if (more == END) {
                        end = true;
                        break;
                    }
                    batch.add(more);
                }
                if (!dropped) {
                    deliver(batch);
                }
                if (end) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
