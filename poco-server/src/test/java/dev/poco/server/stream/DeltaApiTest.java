package dev.poco.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import dev.poco.testkit.http.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16: runners post the model's text as it is generated ({@code POST /internal/runs/{id}/deltas}); the server
 * forwards it to the session's live streams as {@code message.delta} frames and stores nothing, so a reconnect
 * replays only the stored events.
 */
class DeltaApiTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String UNKNOWN = "00000000-0000-0000-0000-000000000000";

    @Autowired
    private JdbcClient jdbc;

    private FakeRunner fake;
    private String sessionId;
    private String runId;

    @BeforeEach
    void aRunningRun() {
        fake = new FakeRunner(runner);
        JsonNode task = alice.post("/api/v1/tasks", fake.task("write a poem")).ok();
        sessionId = task.path("session_id").asString();
        runId = task.path("run_id").asString();
        fake.start(runId);
    }

    private static Map<String, Object> delta(int index, int offset, String text) {
        Map<String, Object> d = new HashMap<>();
        d.put("message_id", "msg_1");
        d.put("index", index);
        d.put("kind", "text");
        d.put("offset", offset);
        d.put("text", text);
        return d;
    }

    private String path(String run) {
        return "/api/v1/internal/runs/" + run + "/deltas";
    }

    private SseClient stream(long after) {
        return SseClient.open("http://127.0.0.1:" + port + "/api/v1/sessions/" + sessionId + "/events?after=" + after,
                Map.of("X-User-Id", alice.headers().get("X-User-Id")));
    }

    private long lastEventId() {
        return jdbc.sql("SELECT coalesce(max(id), 0) FROM session_events WHERE session_id = :s")
                .param("s", UUID.fromString(sessionId)).query(Long.class).single();
    }

    private long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM session_events WHERE session_id = :s")
                .param("s", UUID.fromString(sessionId)).query(Long.class).single();
    }

    /** Frames until the stored event {@code lastId}, keeping every {@code message.delta} seen on the way. */
    private static List<SseClient.Event> deltasThrough(SseClient sse, long lastId) throws InterruptedException {
        return sse.through(lastId, WAIT).stream().filter(e -> e.type().equals("message.delta")).toList();
    }

    @Test
    void deltasReachTheStreamInOrderBeforeTheMessageAndAreNotReplayed() throws Exception {
        long before = lastEventId();
        long stored = storedEvents();
        try (SseClient sse = stream(before)) {
            assertThat(sse.status()).isEqualTo(200);
            JsonNode receipt = runner.post(path(runId), Map.of("deltas", List.of(delta(0, 0, "Roses are"),
                    delta(0, 9, " red,")))).ok();
            assertThat(receipt.path("forwarded").asBoolean()).isTrue();
            runner.post(path(runId), Map.of("deltas", List.of(delta(0, 14, " violets…")))).ok();
            fake.send(sessionId, runId, Sdk.assistantText("Roses are red, violets…"));
            long message = lastEventId();

            List<SseClient.Event> frames = sse.through(message, WAIT);
            List<SseClient.Event> deltas = frames.stream().filter(e -> e.type().equals("message.delta")).toList();
            assertThat(deltas).extracting(e -> e.data().path("payload").path("text").asString())
                    .containsExactly("Roses are", " red,", " violets…");
            JsonNode first = deltas.getFirst().data();
            assertThat(deltas.getFirst().id()).as("not replayable").isNull();
            assertThat(first.path("type").asString()).isEqualTo("message.delta");
            assertThat(first.path("session_id").asString()).isEqualTo(sessionId);
            assertThat(first.path("run_id").asString()).isEqualTo(runId);
            assertThat(first.path("payload").path("message_id").asString()).isEqualTo("msg_1");
            assertThat(first.path("payload").path("index").asInt()).isZero();
            assertThat(first.path("payload").path("kind").asString()).isEqualTo("text");
            assertThat(deltas.get(2).data().path("payload").path("offset").asInt()).isEqualTo(14);
            assertThat(frames.indexOf(deltas.getLast())).as("the pieces come before the message that completes them")
                    .isLessThan(frames.indexOf(frames.stream().filter(e -> e.type().equals("message.created"))
                            .findFirst().orElseThrow()));
        }
        assertThat(jdbc.sql("SELECT count(*) FROM session_events WHERE session_id = :s AND type = 'message.delta'")
                .param("s", UUID.fromString(sessionId)).query(Long.class).single()).as("pieces are not stored").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM session_events WHERE session_id = :s AND type = 'message.created'"
                + " AND id > :before").param("s", UUID.fromString(sessionId)).param("before", before)
                .query(Long.class).single()).as("only the complete message").isEqualTo(1);
        assertThat(storedEvents()).isGreaterThan(stored);

        try (SseClient again = stream(before)) {
            assertThat(again.status()).isEqualTo(200);
            List<SseClient.Event> replay = again.through(lastEventId(), WAIT);
            assertThat(replay).extracting(SseClient.Event::type).doesNotContain("message.delta")
                    .contains("message.created");
        }
    }

    @Test
    void aLongPieceIsSplitToFitNotificationsAndArrivesWhole() throws Exception {
        // Well past NOTIFY's 8000-byte payload limit, with multi-byte characters and a surrogate pair.
        String text = "naïve 🌹 ".repeat(3000);
        try (SseClient sse = stream(lastEventId())) {
            assertThat(sse.status()).isEqualTo(200);
            runner.post(path(runId), Map.of("deltas", List.of(delta(0, 0, text)))).ok();
            fake.send(sessionId, runId, Sdk.assistantText("done"));
            List<SseClient.Event> deltas = deltasThrough(sse, lastEventId());
            assertThat(deltas).hasSizeGreaterThan(1);
            StringBuilder joined = new StringBuilder();
            for (SseClient.Event e : deltas) {
                assertThat(e.data().path("payload").path("offset").asInt()).isEqualTo(joined.length());
                joined.append(e.data().path("payload").path("text").asString());
            }
            assertThat(joined.toString()).isEqualTo(text);
        }
    }

    @Test
    void anotherUsersStreamSeesNothingAndAFinishedRunsDeltasAreDropped() throws Exception {
        bob.get("/api/v1/sessions/" + sessionId + "/events").error(403, 40300);
        fake.complete(sessionId, runId);
        try (SseClient sse = stream(lastEventId())) {
            assertThat(sse.status()).isEqualTo(200);
            JsonNode receipt = runner.post(path(runId), Map.of("deltas", List.of(delta(0, 0, "late")))).ok();
            assertThat(receipt.path("forwarded").asBoolean()).isFalse();
            // A later stored event marks the point by which a forwarded piece would have arrived.
            String next = alice.post("/api/v1/tasks", fake.followUp(sessionId, "again")).ok().path("run_id")
                    .asString();
            assertThat(next).isNotBlank();
            assertThat(deltasThrough(sse, lastEventId())).isEmpty();
        }
    }

    @Test
    void onlyRunnersMayPostAndBadBatchesAreRefused() {
        Map<String, Object> body = Map.of("deltas", List.of(delta(0, 0, "x")));
        alice.post(path(runId), body).error(403, 40300);
        anonymous.withHeader("X-Internal-Token", "wrong").post(path(runId), body).error(403, 40300);
        runner.post(path(UNKNOWN), body).error(404, 40400);
        runner.post(path("not-a-run"), body).error(422, 40000);

        Map<String, Object> badKind = delta(0, 0, "x");
        badKind.put("kind", "tool_input");
        Map<String, Object> noText = delta(0, 0, "x");
        noText.remove("text");
        List<Map<String, Object>> bad = new ArrayList<>(List.of(badKind, delta(-1, 0, "x"), delta(0, -1, "x"),
                noText));
        Map<String, Object> blankId = delta(0, 0, "x");
        blankId.put("message_id", " ");
        bad.add(blankId);
        for (Map<String, Object> d : bad) {
            runner.post(path(runId), Map.of("deltas", List.of(delta(0, 0, "ok"), d))).error(422, 40000);
        }
        runner.post(path(runId), Map.of("deltas", List.of())).error(422, 40000);
        runner.post(path(runId), "{not json").error(400, 40000);
    }
}
