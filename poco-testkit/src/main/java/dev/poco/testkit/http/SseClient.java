package dev.poco.testkit.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent-Events client for tests: opens a stream over a real socket, parses frames into
 * {@link Event}s on a background thread, and lets the test take them with a timeout.
 */
public final class SseClient implements AutoCloseable {

    public record Event(@Nullable String id, String type, JsonNode data) {}

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile int status;
    private volatile @Nullable Stream<String> lines;
    private final CompletableFuture<String> ended = new CompletableFuture<>();

    private SseClient(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        headers.forEach(request::header);
        this.response = HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(this::read);
    }

    public static SseClient open(String url, Map<String, String> headers) {
        return new SseClient(url, headers);
    }

    private void read() {
        try {
            HttpResponse<Stream<String>> r = response.get();
            status = r.statusCode();
            lines = r.body();
            String id = null;
            String type = "message";
            StringBuilder data = new StringBuilder();
            for (String line : (Iterable<String>) r.body()::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, type, Api.JSON.readTree(data.toString())));
                    }
                    id = null;
                    type = "message";
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                }
            }
            ended.complete("the server ended the stream");
        } catch (Exception closed) {
            ended.complete("the stream broke: " + closed);
        }
    }

    /** Whether the stream has ended (all its events are queued by then), and how; empty while it is open. */
    public java.util.Optional<String> endedHow() {
        return java.util.Optional.ofNullable(ended.getNow(null));
    }

    /** The HTTP status, waiting for the response head. */
    public int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    public @Nullable Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Events up to and including the one whose numeric id is {@code lastId} (the newest the test knows exists);
     * fails when it has not arrived within {@code atMost}, with what did arrive.
     */
    public List<Event> through(long lastId, Duration atMost) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + atMost.toNanos();
        // Events without an id (live-only ones such as message.delta) are collected but never end the wait.
        while (out.isEmpty() || out.getLast().id() == null || Long.parseLong(out.getLast().id()) < lastId) {
            long left = deadline - System.nanoTime();
            Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("Event " + lastId + " did not arrive within " + atMost + "; got "
                        + out.stream().map(Event::id).toList());
            }
            out.add(e);
        }
        return out;
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
        response.cancel(true);
    }
}
