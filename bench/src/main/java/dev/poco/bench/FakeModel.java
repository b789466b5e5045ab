package dev.poco.bench;

import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * poco-testkit's fake Anthropic API, scripted by a marker in the prompt: every prompt the
 * benchmarks send carries a unique marker, and the fake notes when the first model request that
 * carries it arrived (its own arrival timestamp). Replies: a prompt marked {@code wave-} gets a
 * Bash call of {@code sleep 5}, then, once the tool result comes back, a text answer 3 s later
 * (the wave task); any other gets the text {@code OK <marker>} at once, so the first text
 * event of a run can be told apart from the previous run's.
 */
final class FakeModel implements AutoCloseable {

    static final String WAVE = "wave-";
    /** A prompt marked so is answered by a slowly streamed text (issue 16's token streaming). */
    static final String STREAM = "stream-";
    static final String STREAMED_ANSWER = "Streaming shows the answer word by word while the model is still"
            + " writing the rest of it, so the user reads along instead of waiting for the whole message.";
    static final Duration WAVE_ANSWER_DELAY = Duration.ofSeconds(3);

    private final FakeAnthropicServer server = new FakeAnthropicServer();
    private final Map<String, CompletableFuture<Instant>> firstRequest = new ConcurrentHashMap<>();
    private final Map<String, RecordedRequest> streamed = new ConcurrentHashMap<>();

    FakeModel() {
        server.respondWith(this::answer).start();
    }

    String baseUrl() {
        return server.baseUrl();
    }

    /** A fresh marker; the fake will note the first model request carrying it. */
    String marker(String kind) {
        String marker = kind + UUID.randomUUID().toString().substring(0, 12);
        firstRequest.put(marker, new CompletableFuture<>());
        return marker;
    }

    /** When the fake received the first model request carrying {@code marker}. */
    Instant awaitFirstRequest(String marker, Duration timeout) throws Exception {
        try {
            return future(marker).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no model request carrying " + marker + " within " + timeout, e);
        }
    }

    /** The first request's arrival if it came already. */
    Optional<Instant> firstRequest(String marker) {
        CompletableFuture<Instant> f = future(marker);
        return f.isDone() ? Optional.of(f.join()) : Optional.empty();
    }

    void forget(String marker) {
        firstRequest.remove(marker);
        streamed.remove(marker);
    }

    /** When the fake flushed the first text_delta of its streamed answer to {@code marker}'s prompt, if it did. */
    Optional<Instant> firstTextDelta(String marker) {
        RecordedRequest request = streamed.get(marker);
        return request == null ? Optional.empty() : request.firstTextDeltaSentAt();
    }

    private CompletableFuture<Instant> future(String marker) {
        CompletableFuture<Instant> f = firstRequest.get(marker);
        if (f == null) {
            throw new IllegalArgumentException("unknown marker " + marker);
        }
        return f;
    }

    private Reply answer(RecordedRequest request) {
        String prompt = request.lastUserText();
        String body = request.body();
        String own = null;
        for (Map.Entry<String, CompletableFuture<Instant>> e : firstRequest.entrySet()) {
            if (body.contains(e.getKey())) {
                e.getValue().complete(request.receivedAt());
                // the prompt's own marker; a tool result's request carries it only in the history
                if (own == null || prompt.contains(e.getKey())) {
                    own = e.getKey();
                }
            }
        }
        if (own == null) {
            return Reply.text("OK.");
        }
        if (own.startsWith(WAVE)) {
            return request.hasToolResult() ? Reply.text("Waited. " + own).delayFirstByte(WAVE_ANSWER_DELAY)
                    : Reply.bash("sleep 5", "wait five seconds");
        }
        if (own.startsWith(STREAM) && prompt.contains(own)) {
            streamed.put(own, request);
            // 200 ms before the first byte keeps the first piece clear of the stream's connect; 40 ms between
            // events is a model writing about 25 words a second.
            return Reply.text(STREAMED_ANSWER).delayFirstByte(Duration.ofMillis(200))
                    .delayBetweenEvents(Duration.ofMillis(40));
        }
        return Reply.text("OK " + own);
    }

    @Override
    public void close() {
        server.close();
    }
}
