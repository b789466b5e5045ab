package dev.poco.server.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /sessions/{id}/regenerate} and {@code /edit-message} (reference §3.4): history
 * pruned in place and the prompt queued again; refused while a run is executing.
 */
class RegenerateAndEditApiTest extends ApiTest {

    private FakeRunner fake;
    private String sessionId;
    private long q1;
    private long a1;
    private long q2;
    private long a2;
    private String run1;

    /** Two finished turns: q1 → a1 (with a tool call), q2 (plan mode, with a file) → a2. */
    @BeforeEach
    void twoTurns() {
        fake = new FakeRunner(runner);
        JsonNode first = alice.post("/api/v1/tasks", fake.task("q1")).ok();
        sessionId = first.path("session_id").asString();
        run1 = first.path("run_id").asString();
        fake.start(run1);
        fake.send(sessionId, run1, Sdk.toolUse("toolu_1", "Bash", Map.of("command", "ls")));
        fake.send(sessionId, run1, Sdk.toolResult("toolu_1", "x", false));
        fake.send(sessionId, run1, Sdk.assistantText("a1"));
        fake.complete(sessionId, run1);

        Map<String, Object> second = fake.followUp(sessionId, "q2");
        second.put("permission_mode", "plan");
        second.put("config", Map.of("input_files", List.of(Map.of("type", "url", "name", "spec",
                "source", "https://example.com/spec"))));
        String run2 = alice.post("/api/v1/tasks", second).ok().path("run_id").asString();
        fake.start(run2);
        fake.send(sessionId, run2, Sdk.toolUse("toolu_2", "Read", Map.of()));
        fake.send(sessionId, run2, Sdk.assistantText("a2"));
        fake.complete(sessionId, run2);
        alice.patch("/api/v1/sessions/" + sessionId, Map.of("sdk_session_id", "sdk-thread",
                "state_patch", Map.of("current_step", "done"))).ok();

        JsonNode messages = messages();
        assertThat(messages).extracting(m -> m.path("text_preview").asString(null))
                .containsExactly("q1", null, null, "a1", "q2", null, "a2");
        q1 = messages.get(0).path("id").asLong();
        a1 = messages.get(3).path("id").asLong();
        q2 = messages.get(4).path("id").asLong();
        a2 = messages.get(6).path("id").asLong();
    }

    /** Regenerate and edit queue "immediate" runs; leave none behind for other tests' claims. */
    @AfterEach
    void cancelLeftovers() {
        alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of());
    }

    private JsonNode messages() {
        return alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
    }

    private JsonNode runs() {
        return alice.get("/api/v1/runs/session/" + sessionId).ok();
    }

    private String path(String action) {
        return "/api/v1/sessions/" + sessionId + "/" + action;
    }

    private String openQuestion() {
        return runner.post("/api/v1/internal/user-input-requests", Map.of("session_id", sessionId,
                "tool_name", "AskUserQuestion", "tool_input", Map.of())).ok().path("id").asString();
    }

    @Test
    void regenerateDropsTheAnswerAndQueuesThePromptAgain() {
        String question = openQuestion();
        JsonNode queued = alice.post(path("regenerate"), Map.of("user_message_id", q2, "assistant_message_id", a2)).ok();
        assertThat(queued.path("session_id").asString()).isEqualTo(sessionId);
        assertThat(queued.path("status").asString()).isEqualTo("queued");

        assertThat(messages()).extracting(m -> m.path("id").asLong()).as("everything from the answer on is gone")
                .containsExactly(q1, q1 + 1, q1 + 2, a1, q2, q2 + 1);
        JsonNode runs = runs();
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("run_id").asString()).isEqualTo(run1);
        JsonNode again = runs.get(1);
        assertThat(again.path("run_id").asString()).isEqualTo(queued.path("run_id").asString());
        assertThat(again.path("user_message_id").asLong()).isEqualTo(q2);
        assertThat(again.path("status").asString()).isEqualTo("queued");
        assertThat(again.path("schedule_mode").asString()).isEqualTo("immediate");
        assertThat(again.path("permission_mode").asString()).as("taken from the replaced run").isEqualTo("plan");
        assertThat(again.path("config_snapshot").path("input_files").get(0).path("name").asString()).isEqualTo("spec");

        JsonNode session = alice.get("/api/v1/sessions/" + sessionId).ok();
        assertThat(session.path("status").asString()).isEqualTo("pending");
        assertThat(session.path("sdk_session_id").asString()).as("regenerate keeps the SDK thread").isEqualTo("sdk-thread");
        assertThat(session.path("state_patch").path("current_step").isNull()).isTrue();
        assertThat(runner.get("/api/v1/internal/user-input-requests/" + question).ok().path("status").asString())
                .isEqualTo("expired");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok())
                .extracting(t -> t.path("tool_use_id").asString()).containsExactly("toolu_1", "toolu_2");
    }

    @Test
    void regeneratingAnEarlierTurnRemovesTheLaterOnesWithTheirToolCalls() {
        alice.post(path("regenerate"), Map.of("user_message_id", q1, "assistant_message_id", q1 + 1)).ok();
        assertThat(messages()).extracting(m -> m.path("id").asLong()).containsExactly(q1);
        assertThat(runs()).hasSize(1);
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok()).isEmpty();
    }

    @Test
    void editReplacesThePromptPrunesHistoryAndStartsAFreshThread() {
        JsonNode queued = alice.post(path("edit-message"), Map.of("user_message_id", q2, "content", "  q2, better  ")).ok();
        assertThat(queued.path("status").asString()).isEqualTo("queued");

        JsonNode messages = messages();
        assertThat(messages).extracting(m -> m.path("id").asLong()).containsExactly(q1, q1 + 1, q1 + 2, a1, q2);
        JsonNode edited = messages.get(4);
        assertThat(edited.path("text_preview").asString()).isEqualTo("q2, better");
        assertThat(edited.path("content").path("content").get(0).path("text").asString()).isEqualTo("q2, better");
        assertThat(edited.path("role").asString()).isEqualTo("user");

        JsonNode runs = runs();
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1).path("user_message_id").asLong()).isEqualTo(q2);
        assertThat(runs.get(1).path("permission_mode").asString()).isEqualTo("plan");
        JsonNode session = alice.get("/api/v1/sessions/" + sessionId).ok();
        assertThat(session.path("sdk_session_id").isNull()).as("edit starts a new SDK thread").isTrue();
        assertThat(session.path("status").asString()).isEqualTo("pending");
    }

    @Test
    void editingTheFirstPromptLeavesOnlyIt() {
        alice.post(path("edit-message"), Map.of("user_message_id", q1, "content", "start over")).ok();
        assertThat(messages()).extracting(m -> m.path("text_preview").asString()).containsExactly("start over");
        assertThat(runs()).hasSize(1);
    }

    @Test
    void bothAreRefusedWhileARunIsActive() {
        String run3 = alice.post("/api/v1/tasks", fake.followUp(sessionId, "q3")).ok().path("run_id").asString();
        JsonNode claimed = fake.claim();
        assertThat(claimed.path("run").path("run_id").asString()).isEqualTo(run3);
        alice.post(path("regenerate"), Map.of("user_message_id", q2, "assistant_message_id", a2)).error(409, 40000);
        alice.post(path("edit-message"), Map.of("user_message_id", q2, "content", "x")).error(409, 40000);
        runner.post("/api/v1/runs/" + run3 + "/start", Map.of("worker_id", fake.worker())).ok();
        alice.post(path("regenerate"), Map.of("user_message_id", q2, "assistant_message_id", a2)).error(409, 40000);
        alice.post(path("edit-message"), Map.of("user_message_id", q1, "content", "x")).error(409, 40000);
        assertThat(messages()).hasSize(8);

        fake.complete(sessionId, run3);
        alice.post(path("regenerate"), Map.of("user_message_id", q2, "assistant_message_id", a2)).ok();
    }

    @Test
    void invalidMessageIdsAreRefused() {
        alice.post(path("regenerate"), Map.of("user_message_id", a1, "assistant_message_id", a2)).error(400, 40000);
        alice.post(path("regenerate"), Map.of("user_message_id", q2, "assistant_message_id", q2)).error(400, 40000);
        alice.post(path("regenerate"), Map.of("user_message_id", q2, "assistant_message_id", a1)).error(400, 40000);
        alice.post(path("regenerate"), Map.of("user_message_id", Long.MAX_VALUE, "assistant_message_id", a2))
                .error(400, 40000);
        alice.post(path("edit-message"), Map.of("user_message_id", a1, "content", "x")).error(400, 40000);

        String other = fake.converse(alice, null, "elsewhere", "there").path("session_id").asString();
        long otherPrompt = alice.get("/api/v1/sessions/" + other + "/messages").ok().get(0).path("id").asLong();
        alice.post(path("regenerate"), Map.of("user_message_id", otherPrompt, "assistant_message_id", a2))
                .error(400, 40000);
        alice.post(path("edit-message"), Map.of("user_message_id", otherPrompt, "content", "x")).error(400, 40000);
        assertThat(messages()).hasSize(7);
    }

    @Test
    void badBodiesAreRefused() {
        alice.post(path("regenerate"), Map.of("user_message_id", 0, "assistant_message_id", a2)).error(422, 40000);
        alice.post(path("regenerate"), Map.of("user_message_id", q2)).error(422, 40000);
        alice.post(path("regenerate"), Map.of("user_message_id", "x", "assistant_message_id", a2)).error(422, 40000);
        alice.post(path("regenerate"), Map.of("user_message_id", -4, "assistant_message_id", a2)).error(422, 40000);
        alice.post(path("regenerate"), "{").error(400, 40000);
        alice.post(path("regenerate"), "").error(422, 40000);
        alice.post(path("edit-message"), Map.of("user_message_id", q2, "content", "   ")).error(400, 40000);
        alice.post(path("edit-message"), Map.of("user_message_id", q2, "content", "")).error(422, 40000);
        alice.post(path("edit-message"), Map.of("user_message_id", q2, "content", 5)).error(422, 40000);
        alice.post(path("edit-message"), Map.of("user_message_id", q2, "content", "c".repeat(200_001)))
                .error(422, 40000);
        alice.post(path("edit-message"), Map.of("content", "x")).error(422, 40000);
        assertThat(messages()).hasSize(7);
    }

    @Test
    void otherUsersAndUnknownSessionsAreRefused() {
        bob.post(path("regenerate"), Map.of("user_message_id", q2, "assistant_message_id", a2)).error(403, 40300);
        bob.post(path("edit-message"), Map.of("user_message_id", q2, "content", "x")).error(403, 40300);
        String unknown = "/api/v1/sessions/" + UUID.randomUUID() + "/";
        alice.post(unknown + "regenerate", Map.of("user_message_id", q2, "assistant_message_id", a2)).error(404, 40400);
        alice.post(unknown + "edit-message", Map.of("user_message_id", q2, "content", "x")).error(404, 40400);
        assertThat(messages()).hasSize(7);
    }
}
