package dev.poco.server.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The session event stream: replay after an id, live delivery exactly once, owner checks. */
class SessionEventStreamTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    JdbcClient jdbc;

    /** The newest event stored for the session: a stream is read until it arrives, not until it goes quiet. */
    private long lastEventId(String sessionId) {
        return jdbc.sql("SELECT max(id) FROM session_events WHERE session_id = :s")
                .param("s", UUID.fromString(sessionId)).query(Long.class).single();
    }

    private final String mode = "sse-" + UUID.randomUUID();

    private Map<String, String> headers(String user) {
        return Map.of("X-User-Id", user);
    }

    private void runToCompletion(String sessionId, String runId) {
        runner.post("/api/v1/runs/claim", Map.of("worker_id", "w", "schedule_modes", List.of(mode))).ok();
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", "w")).ok();
        long seq = 0;
        for (Map<String, Object> message : List.of(
                Map.<String, Object>of("_type", "AssistantMessage", "content", List.of(
                        Map.of("_type", "ToolUseBlock", "id", "toolu_s", "name", "Bash", "input", Map.of("command", "ls")))),
                Map.<String, Object>of("_type", "UserMessage", "content", List.of(
                        Map.of("_type", "ToolResultBlock", "tool_use_id", "toolu_s", "content", "x", "is_error", false))),
                Map.<String, Object>of("_type", "AssistantMessage", "content", List.of(
                        Map.of("_type", "TextBlock", "text", "done"))))) {
            Map<String, Object> body = new HashMap<>(Map.of("session_id", sessionId, "status", "running", "progress", 50,
                    "run_id", runId, "seq", ++seq, "new_message", message));
            runner.post("/api/v1/callback", body).ok();
        }
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "completed", "progress", 100,
                "run_id", runId, "seq", ++seq)).ok();
    }

    @Test
    void replayAfterAnIdReturnsExactlyTheLaterEventsInOrder() throws Exception {
        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "hello", "schedule_mode", mode)).ok();
        String sessionId = task.path("session_id").asString();
        runToCompletion(sessionId, task.path("run_id").asString());
        String user = alice.get("/api/v1/sessions/" + sessionId).ok().path("user_id").asString();

        List<SseClient.Event> all;
        try (SseClient stream = SseClient.open(port("/api/v1/sessions/" + sessionId + "/events"), headers(user))) {
            all = stream.through(lastEventId(sessionId), WAIT);
        }
        assertThat(all).isNotEmpty();
        List<Long> ids = all.stream().map(e -> Long.parseLong(e.id())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        assertThat(ids.getFirst()).isEqualTo(1L);
        assertThat(ids.getLast()).isEqualTo((long) ids.size());
        assertThat(all).extracting(SseClient.Event::type).contains("message.created", "tool.started", "tool.finished",
                "run.updated", "session.updated");
        assertThat(all.getFirst().data().path("session_id").asString()).isEqualTo(sessionId);

        long cut = ids.get(ids.size() / 2);
        try (SseClient after = SseClient.open(port("/api/v1/sessions/" + sessionId + "/events?after=" + cut),
                headers(user))) {
            List<SseClient.Event> later = after.through(ids.getLast(), WAIT);
            assertThat(later).extracting(e -> Long.parseLong(e.id()))
                    .containsExactlyElementsOf(ids.stream().filter(i -> i > cut).toList());
        }
        Map<String, String> withLastEventId = new HashMap<>(headers(user));
        withLastEventId.put("Last-Event-ID", Long.toString(cut));
        try (SseClient resumed = SseClient.open(port("/api/v1/sessions/" + sessionId + "/events"), withLastEventId)) {
            assertThat(resumed.through(ids.getLast(), WAIT)).extracting(e -> Long.parseLong(e.id()))
                    .containsExactlyElementsOf(ids.stream().filter(i -> i > cut).toList());
        }
    }

    @Test
    void aStreamOpenedBeforeARunSeesEveryEventOfThatRunOnce() throws Exception {
        JsonNode session = alice.post("/api/v1/sessions", Map.of()).ok();
        String sessionId = session.path("session_id").asString();
        String user = session.path("user_id").asString();
        try (SseClient stream = SseClient.open(port("/api/v1/sessions/" + sessionId + "/events"), headers(user))) {
            assertThat(stream.status()).isEqualTo(200);
            JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "go", "session_id", sessionId,
                    "schedule_mode", mode)).ok();
            runToCompletion(sessionId, task.path("run_id").asString());
            List<SseClient.Event> seen = stream.through(lastEventId(sessionId), WAIT);

            List<SseClient.Event> stored;
            try (SseClient replay = SseClient.open(port("/api/v1/sessions/" + sessionId + "/events"), headers(user))) {
                stored = replay.through(lastEventId(sessionId), WAIT);
            }
            assertThat(seen).extracting(SseClient.Event::id).containsExactlyElementsOf(
                    stored.stream().map(SseClient.Event::id).toList());
            long messages = seen.stream().filter(e -> e.type().equals("message.created")).count();
            assertThat(messages).as("prompt + 3 agent messages").isEqualTo(4);
            assertThat(seen).filteredOn(e -> e.type().equals("run.updated"))
                    .extracting(e -> e.data().path("payload").path("status").asString())
                    .containsSubsequence("queued", "claimed", "running", "completed");
        }
    }

    @Test
    void anotherUsersStreamIsRefused() throws Exception {
        JsonNode session = alice.post("/api/v1/sessions", Map.of()).ok();
        String sessionId = session.path("session_id").asString();
        try (SseClient stream = SseClient.open(port("/api/v1/sessions/" + sessionId + "/events"),
                headers("mallory-" + UUID.randomUUID()))) {
            assertThat(stream.status()).isEqualTo(403);
        }
        bob.withHeader("Accept", "text/event-stream").get("/api/v1/sessions/" + sessionId + "/events")
                .error(403, 40300);
        try (SseClient missing = SseClient.open(port("/api/v1/sessions/" + UUID.randomUUID() + "/events"),
                headers("x"))) {
            assertThat(missing.status()).isEqualTo(404);
        }
        Map<String, String> badCursor = new HashMap<>(headers(session.path("user_id").asString()));
        badCursor.put("Last-Event-ID", "yesterday");
        try (SseClient bad = SseClient.open(port("/api/v1/sessions/" + sessionId + "/events"), badCursor)) {
            assertThat(bad.status()).isEqualTo(400);
        }
    }

    @Test
    void theUserStreamCarriesTheCallersSessionChangesOnly() throws Exception {
        JsonNode mine = alice.post("/api/v1/sessions", Map.of()).ok();
        String user = mine.path("user_id").asString();
        try (SseClient stream = SseClient.open(port("/api/v1/events"), headers(user))) {
            // The server subscribes before it writes the first byte, so once the status is here, changes reach us.
            assertThat(stream.status()).isEqualTo(200);
            bob.post("/api/v1/sessions", Map.of()).ok();
            alice.patch("/api/v1/sessions/" + mine.path("session_id").asString(), Map.of("title", "Renamed")).ok();
            // Bob's change was committed first: had it leaked, it would arrive before Alice's rename.
            List<SseClient.Event> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                SseClient.Event event = stream.next(Duration.ofMillis(200));
                if (event != null) {
                    events.add(event);
                }
                return events.stream().anyMatch(e -> e.data().path("payload").path("title").asString().equals("Renamed"));
            });
            assertThat(events).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo("session.updated");
                assertThat(e.data().path("session_id").asString()).isEqualTo(mine.path("session_id").asString());
            });
            assertThat(events).extracting(e -> e.data().path("payload").path("title").asString()).contains("Renamed");
        }
    }

    private String port(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
