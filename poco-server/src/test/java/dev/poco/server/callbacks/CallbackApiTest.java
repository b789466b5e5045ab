package dev.poco.server.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /callback}: what a runner reports is stored as poco stores it, once. */
class CallbackApiTest extends ApiTest {

    private final String mode = "cb-" + UUID.randomUUID();
    private String sessionId;
    private String runId;
    private long seq;

    @BeforeEach
    void startARun() {
        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "list files", "schedule_mode", mode)).ok();
        sessionId = task.path("session_id").asString();
        runId = task.path("run_id").asString();
        runner.post("/api/v1/runs/claim", Map.of("worker_id", "w", "schedule_modes", List.of(mode))).ok();
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", "w")).ok();
    }

    private JsonNode send(String status, Object message, Object state) {
        Map<String, Object> body = new HashMap<>();
        body.put("session_id", sessionId);
        body.put("status", status);
        body.put("progress", 10);
        body.put("run_id", runId);
        body.put("seq", ++seq);
        if (message != null) {
            body.put("new_message", message);
        }
        if (state != null) {
            body.put("state_patch", state);
        }
        return runner.post("/api/v1/callback", body).ok();
    }

    static Map<String, Object> assistantToolUse(String id, String command) {
        return Map.of("_type", "AssistantMessage", "model", "claude-test", "content", List.of(
                Map.of("_type", "TextBlock", "text", "Let me look."),
                Map.of("_type", "ToolUseBlock", "id", id, "name", "Bash", "input", Map.of("command", command))));
    }

    static Map<String, Object> toolResult(String id, String output) {
        return Map.of("_type", "UserMessage", "content", List.of(
                Map.of("_type", "ToolResultBlock", "tool_use_id", id, "content", output, "is_error", false)));
    }

    static Map<String, Object> result(String sdkSession) {
        return Map.of("_type", "ResultMessage", "subtype", "success", "is_error", false, "duration_ms", 1200,
                "num_turns", 2, "session_id", sdkSession, "total_cost_usd", 0.0125,
                "usage", Map.of("input_tokens", 300, "output_tokens", 40, "cache_read_input_tokens", 7));
    }

    @Test
    void aRunsStepsAreStoredAsMessagesToolCallsUsageAndStatus() {
        send("running", Map.of("_type", "SystemMessage", "subtype", "init",
                "data", Map.of("type", "system", "subtype", "init", "session_id", "sdk-123")), null);
        send("running", assistantToolUse("toolu_1", "ls"), Map.of("todos", List.of(
                Map.of("content", "List files", "status", "in_progress", "active_form", "Listing files")),
                "current_step", "Listing files"));
        send("running", toolResult("toolu_1", "a.txt\nb.txt"), null);
        send("running", result("sdk-123"), null);
        JsonNode done = runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "completed",
                "progress", 100, "run_id", runId, "seq", ++seq)).ok();
        assertThat(done.path("status").asString()).isEqualTo("completed");
        assertThat(done.path("disposition").asString()).isEqualTo("applied");
        assertThat(done.path("callback_status").asString()).isEqualTo("completed");

        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        assertThat(messages).extracting(m -> m.path("role").asString())
                .containsExactly("user", "system", "assistant", "user", "assistant");
        assertThat(messages.get(2).path("text_preview").asString()).isEqualTo("Let me look.");

        JsonNode tools = alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok();
        assertThat(tools).hasSize(1);
        JsonNode bash = tools.get(0);
        assertThat(bash.path("tool_name").asString()).isEqualTo("Bash");
        assertThat(bash.path("tool_input").path("command").asString()).isEqualTo("ls");
        assertThat(bash.path("tool_output").path("content").asString()).isEqualTo("a.txt\nb.txt");
        assertThat(bash.path("is_error").asBoolean()).isFalse();
        assertThat(bash.path("duration_ms").isNumber()).isTrue();

        JsonNode usage = alice.get("/api/v1/sessions/" + sessionId + "/usage").ok();
        assertThat(usage.path("total_cost_usd").asDouble()).isEqualTo(0.0125);
        assertThat(usage.path("total_duration_ms").asLong()).isEqualTo(1200);
        assertThat(usage.path("usage_json").path("input_tokens").asLong()).isEqualTo(300);

        JsonNode run = alice.get("/api/v1/runs/" + runId).ok();
        assertThat(run.path("status").asString()).isEqualTo("completed");
        assertThat(run.path("progress").asInt()).isEqualTo(100);
        assertThat(run.path("usage").path("usage_json").path("output_tokens").asLong()).isEqualTo(40);

        JsonNode session = alice.get("/api/v1/sessions/" + sessionId).ok();
        assertThat(session.path("sdk_session_id").asString()).isEqualTo("sdk-123");
        assertThat(session.path("status").asString()).isEqualTo("completed");
        assertThat(session.path("state_patch").path("current_step").asString()).isEqualTo("Listing files");
        assertThat(session.path("state_patch").path("todos").get(0).path("active_form").asString())
                .isEqualTo("Listing files");
    }

    @Test
    void aCallbackReplayedTwiceStoresOneMessage() {
        Map<String, Object> body = Map.of("session_id", sessionId, "status", "running", "progress", 5,
                "run_id", runId, "seq", 1, "new_message", assistantToolUse("toolu_r", "pwd"));
        runner.post("/api/v1/callback", body).ok();
        JsonNode second = runner.post("/api/v1/callback", body).ok();
        assertThat(second.path("message").asString()).isEqualTo("Duplicate callback ignored");
        assertThat(second.path("disposition").asString()).isEqualTo("duplicate");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/messages").ok()).hasSize(2);
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok()).hasSize(1);
    }

    @Test
    void aResultBeforeItsToolUseLeavesAPlaceholderThatTheToolUseCompletes() {
        send("running", toolResult("toolu_early", "out"), null);
        JsonNode placeholder = alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok().get(0);
        assertThat(placeholder.path("tool_name").asString()).isEqualTo("unknown");
        send("running", assistantToolUse("toolu_early", "echo"), null);
        JsonNode tools = alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok();
        assertThat(tools).hasSize(1);
        assertThat(tools.get(0).path("tool_name").asString()).isEqualTo("Bash");
        assertThat(tools.get(0).path("tool_output").path("content").asString()).isEqualTo("out");
    }

    @Test
    void callbacksForACanceledSessionAreDropped() {
        alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of("reason", "stop")).ok();
        JsonNode answer = send("running", assistantToolUse("toolu_x", "rm -rf /"), null);
        assertThat(answer.path("message").asString()).contains("canceled");
        assertThat(answer.path("disposition").asString()).isEqualTo("session_canceled");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/messages").ok()).hasSize(1);
        assertThat(alice.get("/api/v1/runs/" + runId).ok().path("status").asString()).isEqualTo("canceled");
    }

    @Test
    void aFailedCallbackFailsTheRunWithItsError() {
        JsonNode answer = runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "failed",
                "progress", 30, "error_message", "CLI exited with 1", "run_id", runId, "seq", 1)).ok();
        assertThat(answer.path("status").asString()).isEqualTo("failed");
        JsonNode run = alice.get("/api/v1/runs/" + runId).ok();
        assertThat(run.path("status").asString()).isEqualTo("failed");
        assertThat(run.path("last_error").asString()).isEqualTo("CLI exited with 1");
    }

    @Test
    void anUnknownSessionIsNotAnError() {
        String unknown = UUID.randomUUID().toString();
        JsonNode answer = runner.post("/api/v1/callback", Map.of("session_id", unknown, "status", "running",
                "progress", 0)).ok();
        assertThat(answer.path("status").asString()).isEqualTo("callback_received");
        assertThat(answer.path("message").asString()).isEqualTo("Session not found yet");
        assertThat(answer.path("disposition").asString()).isEqualTo("session_not_found");
        assertThat(answer.path("session_id").asString()).isEqualTo(unknown);
    }

    @Test
    void aSessionCanBeAddressedByItsSdkSessionId() {
        send("running", result("sdk-" + runId), null);
        JsonNode answer = runner.post("/api/v1/callback", Map.of("session_id", "sdk-" + runId, "status", "running",
                "progress", 50)).ok();
        assertThat(answer.path("session_id").asString()).isEqualTo(sessionId);
        assertThat(alice.get("/api/v1/runs/" + runId).ok().path("progress").asInt()).isEqualTo(50);
    }

    @Test
    void badCallbacksGetA4xxAndNeedTheToken() {
        alice.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "running", "progress", 1))
                .error(403, 40300);
        runner.post("/api/v1/callback", "{\"session_id\":").error(400, 40000);
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "exploded", "progress", 1))
                .error(422, 40000);
        runner.post("/api/v1/callback", Map.of("status", "running", "progress", 1)).error(422, 40000);
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "running", "progress", "half"))
                .error(422, 40000);
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "running", "progress", 1,
                "state_patch", Map.of("todos", "not a list"))).error(422, 40000);
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "running", "progress", 1,
                "run_id", "nope")).error(422, 40000);
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "running", "progress", 1,
                "run_id", runId, "seq", 0)).error(422, 40000);
        JsonNode foreign = runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "running",
                "progress", 1, "run_id", UUID.randomUUID().toString(), "seq", 1)).ok();
        assertThat(foreign.path("message").asString()).contains("not a run of this session");
        assertThat(foreign.path("disposition").asString()).isEqualTo("run_not_in_session");
    }

    @Test
    void aBatchOfCallbacksIsAppliedInOrderOnceAndNeedsTheToken() {
        List<Map<String, Object>> batch = List.of(
                Map.of("session_id", sessionId, "status", "running", "progress", 10, "run_id", runId, "seq", 1,
                        "new_message", assistantToolUse("toolu_b", "date")),
                Map.of("session_id", sessionId, "status", "running", "progress", 20, "run_id", runId, "seq", 2,
                        "new_message", toolResult("toolu_b", "Friday")),
                Map.of("session_id", sessionId, "status", "completed", "progress", 100, "run_id", runId, "seq", 3));
        JsonNode answers = runner.post("/api/v1/callbacks", Map.of("callbacks", batch)).ok();
        assertThat(answers).hasSize(3);
        assertThat(answers.get(2).path("status").asString()).isEqualTo("completed");
        assertThat(answers).extracting(a -> a.path("disposition").asString()).containsOnly("applied");
        JsonNode replay = runner.post("/api/v1/callbacks", Map.of("callbacks", batch)).ok();
        assertThat(replay).extracting(a -> a.path("message").asString()).allSatisfy(m -> assertThat(m).isNotEmpty());
        assertThat(replay).extracting(a -> a.path("disposition").asString()).containsOnly("duplicate");
        seq = 3;
        JsonNode late = send("running", null, null);
        assertThat(late.path("message").asString()).isEqualTo("Run already completed; callback dropped");
        assertThat(late.path("disposition").asString()).isEqualTo("run_finished");

        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        assertThat(messages).hasSize(3);
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok().get(0)
                .path("tool_output").path("content").asString()).isEqualTo("Friday");
        assertThat(alice.get("/api/v1/runs/" + runId).ok().path("status").asString()).isEqualTo("completed");

        alice.post("/api/v1/callbacks", Map.of("callbacks", batch)).error(403, 40300);
        runner.post("/api/v1/callbacks", Map.of("callbacks", List.of())).error(422, 40000);
        runner.post("/api/v1/callbacks", Map.of()).error(422, 40000);
        runner.post("/api/v1/callbacks", Map.of("callbacks", List.of(Map.of("status", "running", "progress", 1))))
                .error(422, 40000);
    }

    @Test
    void callbackHealthIsRawJson() {
        JsonNode health = anonymous.get("/api/v1/callback/health").json();
        assertThat(health.path("status").asString()).isEqualTo("healthy");
        assertThat(health.path("service").asString()).isEqualTo("callback-receiver");
    }
}
