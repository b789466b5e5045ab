package dev.poco.runner.report;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.CallbackRequest;
import dev.poco.protocol.CallbackResponse;
import dev.poco.protocol.CallbackStatus;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Sends one run's callbacks in order on its own thread, so the CLI's output is never held up by
 * the network. Each callback gets the next sequence number when it is queued and keeps it through
 * retries (network errors and 5xx are retried with backoff for up to {@code retryFor}; a refusal
 * is logged and skipped). When the server answers that the session was canceled or the run is
 * finished, later callbacks are not sent.
 */
public final class CallbackReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallbackReporter.class);
    private static final CallbackRequest END = CallbackRequest.of(new UUID(0, 0), new UUID(0, 0), 0,
            CallbackStatus.ACCEPTED, 0, null, null, null);

    private final ServerClient server;
    private final UUID sessionId;
    private final UUID runId;
    private final Duration retryFor;
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
        this.sender = Thread.ofVirtual().name("callbacks-" + runId).start(this::sendLoop);
    }

    /** Queues a running-status callback with one message and the current state. */
    public synchronized void report(@Nullable JsonNode message, @Nullable AgentState state, int progress) {
        enqueue(CallbackStatus.RUNNING, progress, message, state, null);
    }

    /** Queues the terminal callback; {@link #close()} waits for it to be delivered. */
    public synchronized void finish(CallbackStatus status, int progress, @Nullable AgentState state,
            @Nullable String error) {
        enqueue(status, status == CallbackStatus.COMPLETED ? 100 : progress, null, state, error);
    }

    /** True once the server said it no longer wants this run's callbacks (canceled or finished). */
    public boolean dropped() {
        return dropped;
    }

    public int sent() {
        return sent;
    }

    private void enqueue(CallbackStatus status, int progress, @Nullable JsonNode message, @Nullable AgentState state,
            @Nullable String error) {
        if (dropped) {
            return;
        }
        queue.add(CallbackRequest.of(sessionId, runId, ++seq, status, Math.max(progress, 0), message, state, error));
    }

    private void sendLoop() {
        try {
            while (true) {
                CallbackRequest next = queue.take();
                if (next == END) {
                    return;
                }
                if (!dropped) {
                    deliver(next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(CallbackRequest request) throws InterruptedException {
        Instant giveUp = Instant.now().plus(retryFor);
        long backoff = 250;
        while (true) {
            try {
                CallbackResponse response = server.callback(request);
                sent++;
                String note = response.message();
                if (note != null && (note.contains("canceled") || note.contains("dropped"))) {
                    log.info("Server stopped accepting callbacks of run {}: {}", runId, note);
                    dropped = true;
                }
                return;
            } catch (ServerException e) {
                if (!e.retryable()) {
                    log.warn("Callback {} of run {} refused, skipped: {}", request.seq(), runId, e.getMessage());
                    return;
                }
                if (Instant.now().isAfter(giveUp)) {
                    log.error("Giving up callback {} of run {} after {}: {}", request.seq(), runId, retryFor,
                            e.getMessage());
                    dropped = true;
                    return;
                }
                log.debug("Callback {} of run {} failed, retrying in {} ms: {}", request.seq(), runId, backoff,
                        e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5000);
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
