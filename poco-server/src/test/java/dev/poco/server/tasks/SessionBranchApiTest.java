package dev.poco.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /sessions/{id}/branch} (reference §3.4): a new session with the history up to a message. */
class SessionBranchApiTest extends ApiTest {

    private FakeRunner fake;
    private String sessionId;
    private String projectId;
    private JsonNode source;

    /** Turn 1: q1, tool call, tool result, a1 (with usage); turn 2: q2, a2. Both runs completed. */
    @BeforeEach
    void twoTurns() {
        fake = new FakeRunner(runner);
        projectId = alice.post("/api/v1/projects", Map.of("name", "P")).ok().path("project_id").asString();
        Map<String, Object> first = fake.task("q1");
        first.put("project_id", projectId);
        JsonNode task = alice.post("/api/v1/tasks", first).ok();
        sessionId = task.path("session_id").asString();
        String run1 = task.path("run_id").asString();
        fake.start(run1);
        fake.send(sessionId, run1, Sdk.toolUse("toolu_1", "Bash", Map.of("command", "ls")));
        fake.send(sessionId, run1, Sdk.toolResult("toolu_1", "a.txt", false));
        fake.send(sessionId, run1, Sdk.assistantText("a1"));
        fake.send(sessionId, run1, Sdk.result(0.25, 500, Map.of("input_tokens", 10)));
        fake.complete(sessionId, run1);
        fake.converse(alice, sessionId, "q2", "a2");
        alice.patch("/api/v1/sessions/" + sessionId, Map.of("sdk_session_id", "sdk-1",
                "state_patch", Map.of("current_step", "Done"))).ok();
        source = alice.get("/api/v1/sessions/" + sessionId).ok();
    }

    private JsonNode messages(String id) {
        return alice.get("/api/v1/sessions/" + id + "/messages").ok();
    }

    private JsonNode branch(long messageId) {
        return alice.post("/api/v1/sessions/" + sessionId + "/branch", Map.of("message_id", messageId)).ok();
    }

    @Test
    void branchingAtAnAnswerKeepsTheWholeTurn() {
        JsonNode original = messages(sessionId);
        assertThat(original).hasSize(7);
        long toolCall = original.get(1).path("id").asLong();

        JsonNode result = branch(toolCall);
        String copy = result.path("session_id").asString();
        assertThat(copy).isNotEqualTo(sessionId);
        assertThat(result.path("source_session_id").asString()).isEqualTo(sessionId);
        assertThat(result.path("cutoff_message_id").asLong()).isEqualTo(toolCall);

        JsonNode copied = messages(copy);
        assertThat(copied).extracting(m -> m.path("role").asString())
                .as("the tool result and the final answer of the turn come along")
                .containsExactly("user", "assistant", "user", "assistant", "assistant");
        for (int i = 0; i < 5; i++) {
            assertThat(copied.get(i).path("content")).isEqualTo(original.get(i).path("content"));
            assertThat(copied.get(i).path("text_preview")).isEqualTo(original.get(i).path("text_preview"));
        }
        assertThat(copied.get(0).path("id").asLong()).as("new ids").isGreaterThan(original.get(6).path("id").asLong());

        JsonNode session = alice.get("/api/v1/sessions/" + copy).ok();
        assertThat(session.path("status").asString()).isEqualTo("completed");
        assertThat(session.path("title").asString()).isEqualTo("q1");
        assertThat(session.path("project_id").asString()).isEqualTo(projectId);
        assertThat(session.path("sdk_session_id").isNull()).isTrue();
        assertThat(session.path("config_snapshot")).isEqualTo(source.path("config_snapshot"));
        assertThat(session.path("state_patch").path("current_step").asString()).isEqualTo("Done");

        JsonNode runs = alice.get("/api/v1/runs/session/" + copy).ok();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("status").asString()).isEqualTo("completed");
        assertThat(runs.get(0).path("user_message_id").asLong()).isEqualTo(copied.get(0).path("id").asLong());
        assertThat(runs.get(0).path("claimed_by").isNull()).isTrue();
        JsonNode usage = alice.get("/api/v1/sessions/" + copy + "/usage").ok();
        assertThat(usage.path("total_duration_ms").asLong()).isEqualTo(500);
        assertThat(alice.get("/api/v1/sessions/" + copy + "/tool-executions").ok()).as("not copied").isEmpty();

        assertThat(messages(sessionId)).as("the source is untouched").hasSize(7);
        assertThat(alice.get("/api/v1/sessions").ok()).hasSize(2);
    }

    @Test
    void branchingAtAPromptCopiesUpToIt() {
        JsonNode original = messages(sessionId);
        long q2 = original.get(5).path("id").asLong();
        String copy = branch(q2).path("session_id").asString();
        assertThat(messages(copy)).extracting(m -> m.path("text_preview").asString(null))
                .containsExactly("q1", null, null, "a1", null, "q2");
        assertThat(alice.get("/api/v1/runs/session/" + copy).ok()).as("both runs finished and their prompts came along")
                .hasSize(2);
    }

    @Test
    void branchingAtTheLastAnswerCopiesEverything() {
        JsonNode original = messages(sessionId);
        String copy = branch(original.get(6).path("id").asLong()).path("session_id").asString();
        assertThat(messages(copy)).hasSize(7);
    }

    @Test
    void anUnfinishedRunIsNotCopied() {
        JsonNode task = alice.post("/api/v1/tasks", fake.followUp(sessionId, "q3")).ok();
        JsonNode original = messages(sessionId);
        String copy = branch(original.get(original.size() - 1).path("id").asLong()).path("session_id").asString();
        assertThat(messages(copy)).hasSize(8);
        assertThat(alice.get("/api/v1/runs/session/" + copy).ok()).hasSize(2);
        assertThat(fake.claim().path("run").path("run_id").asString()).isEqualTo(task.path("run_id").asString());
    }

    @Test
    void badCutoffsAreRefused() {
        String path = "/api/v1/sessions/" + sessionId + "/branch";
        alice.post(path, Map.of("message_id", Long.MAX_VALUE)).error(404, 40400);
        String other = fake.converse(alice, null, "other", "x").path("session_id").asString();
        long foreign = messages(other).get(0).path("id").asLong();
        alice.post(path, Map.of("message_id", foreign)).error(400, 40000);
        alice.post(path, Map.of("message_id", 0)).error(422, 40000);
        alice.post(path, Map.of("message_id", -1)).error(422, 40000);
        alice.post(path, Map.of("message_id", "x")).error(422, 40000);
        alice.post(path, Map.of()).error(422, 40000);
        alice.post(path, "").error(422, 40000);
        alice.post(path, "{\"message_id\"").error(400, 40000);
        long mine = messages(sessionId).get(0).path("id").asLong();
        bob.post(path, Map.of("message_id", mine)).error(403, 40300);
        alice.post("/api/v1/sessions/" + UUID.randomUUID() + "/branch", Map.of("message_id", mine)).error(404, 40400);
        assertThat(alice.get("/api/v1/sessions").ok()).as("no branch was made").hasSize(2);
    }
}
