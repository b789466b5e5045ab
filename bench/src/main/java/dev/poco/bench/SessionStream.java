package dev.poco.bench;

import dev.poco.testkit.http.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The web UI's view of one session: {@code GET /api/v1/sessions/{id}/events} from the first event
 * on, each event stamped with the wall clock of its arrival here.
 */
final class SessionStream implements AutoCloseable {

    /** The server's {@code retry:} for the session stream, which a browser waits before reconnecting. */
    private static final Duration RECONNECT = Duration.ofSeconds(2);

    record Arrival(Instant at, SseClient.Event event) {}

    private final String url;
    private final Map<String, String> headers;
    private volatile SseClient client;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<String> drops = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;

    SessionStream(String base, String sessionId, Map<String, String> headers) throws Exception {
        this.url = base + "/api/v1/sessions/" + sessionId + "/events";
        this.headers = headers;
        client = SseClient.open(url + "?after=0", headers);
        if (client.status() != 200) {
            throw new IllegalStateException("the event stream of session " + sessionId + " answered " + client.status());
        }
        reader = Thread.ofVirtual().name("bench-sse-" + sessionId).start(this::read);
    }

    /**
     * Reads events; when the stream ends, opens it again after the last event seen (Last-Event-ID), as the web UI's
     * EventSource does after the server's retry interval, and notes how it ended ({@link #drops()}).
     */
    private void read() {
        String lastId = "0";
        try {
            while (!closed) {
                SseClient.Event event = client.next(Duration.ofMillis(500));
                if (event != null) {
                    Instant at = Instant.now();
                    if (event.id() != null) {
                        lastId = event.id();
                    }
                    synchronized (arrivals) {
                        arrivals.add(new Arrival(at, event));
                        arrivals.notifyAll();
                    }
                } else if (client.endedHow().isPresent() && !closed) {
                    synchronized (drops) {
                        drops.add(client.endedHow().get() + " after event " + lastId);
                    }
                    Thread.sleep(RECONNECT.toMillis());
                    client.close();
                    Map<String, String> again = new java.util.LinkedHashMap<>(headers);
                    again.put("Last-Event-ID", lastId);
                    client = SseClient.open(url, again);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first event matching {@code filter}, waiting up to {@code timeout}. */
    Arrival await(Predicate<SseClient.Event> filter, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrivals) {
            while (true) {
                Optional<Arrival> found = arrivals.stream().filter(a -> filter.test(a.event())).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(what + " did not arrive within " + timeout + "; got "
                            + arrivals.stream().map(a -> a.event().type()).toList());
                }
                arrivals.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** The first event carrying the fake model's answer to {@code marker} ({@code OK <marker>}). */
    Arrival awaitText(String marker, Duration timeout) throws InterruptedException {
        String answer = "OK " + marker;
        return await(e -> e.data().toString().contains(answer), timeout, "the answer text of " + marker);
    }

    /** The {@code run.updated} event that ends run {@code runId} (completed, failed or canceled). */
    Arrival awaitRunEnd(String runId, Duration timeout) throws InterruptedException {
        return await(e -> "run.updated".equals(e.type()) && runId.equals(runOf(e)) && ended(status(e)), timeout,
                "the end of run " + runId);
    }

    static String status(SseClient.Event e) {
        return e.data().path("payload").path("status").asString("");
    }

    private static @Nullable String runOf(SseClient.Event e) {
        String id = e.data().path("payload").path("run_id").asString("");
        return id.isEmpty() ? null : id;
    }

    static boolean ended(String status) {
        return status.equals("completed") || status.equals("failed") || status.equals("canceled");
    }

    /** How each time the stream ended before {@link #close()} (each followed by a reconnect). */
    List<String> drops() {
        synchronized (drops) {
            return List.copyOf(drops);
        }
    }

    @Override
    public void close() {
        closed = true;
        client.close();
        reader.interrupt();
    }
}
