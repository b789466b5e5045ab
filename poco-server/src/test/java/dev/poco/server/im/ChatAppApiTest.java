package dev.poco.server.im;

import static org.awaitility.Awaitility.await;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.Sdk;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What the chat-app API tests of every provider share: the chat's bound session, playing a run as a runner would
 * (claim, start, callbacks) and the database. Each provider's base says how a chat speaks ({@link #say}).
 */
abstract class ChatAppApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private final Map<String, Long> seq = new HashMap<>();

    /** The chat sends {@code text}; returns the provider's reply text. */
    abstract String say(String text);

    /** The session the chat is bound to (through its /link answer). */
    String boundSession() {
        String current = say("/link");
        return current.replaceAll("(?s).*?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).*", "$1");
    }

    /** Claims the queued run {@code runId} (a chat queues in poco's "immediate" mode) and starts it. */
    void startRun(String runId) {
        String worker = "im-worker-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode claimed = runner.post("/api/v1/runs/claim", Map.of("worker_id", worker, "lease_seconds", 300,
                    "schedule_modes", List.of("immediate"))).ok();
            return !claimed.isNull() && claimed.path("run").path("run_id").asString().equals(runId);
        });
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", worker)).ok();
    }

    String latestRun(String sessionId) {
        return jdbc.sql("SELECT id::text FROM agent_runs WHERE session_id = :s ORDER BY created_at DESC LIMIT 1")
                .param("s", UUID.fromString(sessionId)).query(String.class).single();
    }

    void callback(String sessionId, String runId, String status, @Nullable Object message) {
        Map<String, Object> body = new HashMap<>();
        body.put("session_id", sessionId);
        body.put("status", status);
        body.put("progress", status.equals("completed") ? 100 : 50);
        body.put("run_id", runId);
        body.put("seq", seq.merge(runId, 1L, Long::sum));
        if (message != null) {
            body.put("new_message", message);
        }
        runner.post("/api/v1/callback", body).ok();
    }

    void assistantSays(String sessionId, String runId, String text) {
        callback(sessionId, runId, "running", Sdk.assistantText(text));
    }
}
