package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16, the whole path: the fake model streams an answer slowly, the real CLI in the sandbox passes its stream
 * events to the runner, the runner posts the text as deltas, and the server forwards them to the session's event
 * stream, where the first words arrive while the run is still going. The stored conversation holds the answer once.
 */
class StreamingTest extends EndToEndTest {

    private static final String ANSWER = "Tokens arrive one after another, long before the whole answer is written.";

    @Test
    void aSlowAnswersFirstWordsReachTheEventStreamBeforeTheRunCompletes() throws Exception {
        MODEL.enqueue(Reply.text(ANSWER).delayFirstByte(Duration.ofMillis(500))
                .delayBetweenEvents(Duration.ofMillis(150)));
        JsonNode task = task(alice, Map.of("prompt", "Answer slowly"));
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();

        List<SseClient.Event> frames = new ArrayList<>();
        try (SseClient sse = SseClient.open("http://127.0.0.1:" + port + "/api/v1/sessions/" + sessionId
                + "/events?after=0", alice.headers())) {
            assertThat(sse.status()).isEqualTo(200);
            long deadline = System.nanoTime() + RUN.toNanos();
            while (!completed(frames) && System.nanoTime() < deadline) {
                SseClient.Event next = sse.next(Duration.ofSeconds(5));
                if (next != null) {
                    frames.add(next);
                }
            }
        }
        assertThat(completed(frames)).as("the run completed; frames %s", frames.stream().map(SseClient.Event::type)
                .toList()).isTrue();
        int done = indexOfCompletion(frames);
        List<SseClient.Event> deltas = frames.subList(0, done).stream()
                .filter(e -> e.type().equals("message.delta")).toList();
        assertThat(deltas).as("pieces of the answer before the run completed").isNotEmpty();
        StringBuilder streamed = new StringBuilder();
        for (SseClient.Event e : deltas) {
            assertThat(e.id()).isNull();
            assertThat(e.data().path("run_id").asString()).isEqualTo(runId);
            JsonNode piece = e.data().path("payload");
            assertThat(piece.path("kind").asString()).isEqualTo("text");
            assertThat(piece.path("offset").asInt()).isEqualTo(streamed.length());
            streamed.append(piece.path("text").asString());
        }
        assertThat(ANSWER).startsWith(streamed.toString());
        int firstPiece = frames.indexOf(deltas.getFirst());
        int stored = -1;
        for (int i = 0; i < frames.size() && stored < 0; i++) {
            if (frames.get(i).type().equals("message.created") && frames.get(i).data().toString().contains(ANSWER)) {
                stored = i;
            }
        }
        assertThat(firstPiece).as("the first words come before the stored answer").isLessThan(stored);

        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        int copies = 0;
        for (JsonNode m : messages) {
            if (m.path("content").path("_type").asString().equals("AssistantMessage")) {
                for (JsonNode block : m.path("content").path("content")) {
                    copies += block.path("text").asString("").equals(ANSWER) ? 1 : 0;
                }
            }
        }
        assertThat(copies).as("the answer is stored once, as the complete message").isEqualTo(1);
        assertThat(messages.findValuesAsString("_type")).doesNotContain("StreamEvent");
        try (SseClient replay = SseClient.open("http://127.0.0.1:" + port + "/api/v1/sessions/" + sessionId
                + "/events?after=0", alice.headers())) {
            assertThat(replay.status()).isEqualTo(200);
            long last = frames.stream().filter(e -> e.id() != null).mapToLong(e -> Long.parseLong(e.id())).max()
                    .orElseThrow();
            assertThat(replay.through(last, RUN)).extracting(SseClient.Event::type).doesNotContain("message.delta");
        }
    }

    private static boolean completed(List<SseClient.Event> frames) {
        return indexOfCompletion(frames) >= 0;
    }

    private static int indexOfCompletion(List<SseClient.Event> frames) {
        for (int i = 0; i < frames.size(); i++) {
            SseClient.Event e = frames.get(i);
            if (e.type().equals("run.updated") && e.data().path("payload").path("status").asString().equals("completed")) {
                return i;
            }
        }
        return -1;
    }
}
