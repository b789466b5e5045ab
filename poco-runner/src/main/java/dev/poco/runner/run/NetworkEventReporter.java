package dev.poco.runner.run;

import dev.poco.protocol.NetworkEvent;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the egress gate's events to the server in batches, off the gate's threads: a batch as soon as an event is
 * there (several that arrive together go in one), and whatever is left when the run ends. A batch the server cannot
 * take is retried with the next one; the server stores a replayed (run, seq) once. Events never hold up the run: the
 * queue is bounded, and past it the oldest unsent records are dropped with a warning.
 */
final class NetworkEventReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkEventReporter.class);
    private static final int MAX_QUEUED = 10_000;
    private static final int MAX_BATCH = 200;
    private static final Duration FINAL_FLUSH = Duration.ofSeconds(10);

    private final ServerClient server;
    private final UUID runId;
    private final LinkedBlockingQueue<NetworkEvent> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final List<NetworkEvent> unsent = new ArrayList<>();
    private final Thread sender;
    private volatile boolean closing;

    NetworkEventReporter(ServerClient server, UUID runId) {
        this.server = server;
        this.runId = runId;
        this.sender = Thread.ofVirtual().name("network-events-" + runId).start(this::sendLoop);
    }

    /** Queues one event; never blocks. */
    void add(NetworkEvent event) {
        while (!queue.offer(event)) {
            NetworkEvent dropped = queue.poll();
            if (dropped != null) {
                log.warn("Run {}: network event {} dropped, the server is not taking them", runId, dropped.seq());
            }
        }
    }

    private void sendLoop() {
        try {
            while (!closing || !queue.isEmpty()) {
                NetworkEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                unsent.add(first);
                queue.drainTo(unsent, MAX_BATCH - 1);
                send();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void send() {
        List<NetworkEvent> batch = List.copyOf(unsent.subList(0, Math.min(unsent.size(), MAX_BATCH)));
        try {
            server.networkEvents(runId, batch);
            unsent.subList(0, batch.size()).clear();
        } catch (ServerException e) {
            log.warn("Run {}: could not report {} network events (kept for the next batch): {}", runId, batch.size(),
                    e.getMessage());
        }
    }

    /** Sends what is left, waiting at most a few seconds. */
    @Override
    public void close() {
        closing = true;
        try {
            sender.join(FINAL_FLUSH);
            if (sender.isAlive()) {
                sender.interrupt();
            }
            if (!unsent.isEmpty() && !sender.isAlive()) {
                send();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!unsent.isEmpty() || !queue.isEmpty()) {
            log.warn("Run {}: {} network events were not reported", runId, unsent.size() + queue.size());
        }
    }
}
