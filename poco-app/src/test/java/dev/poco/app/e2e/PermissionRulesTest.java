package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The user's allow/ask/deny rules reach the real CLI as its settings: it refuses denied commands itself, and asks
 * (through a question the user answers) for asked ones.
 */
class PermissionRulesTest extends EndToEndTest {

    private static String lastToolResult(int requestCount) {
        RecordedRequest request = MODEL.awaitMessageRequests(requestCount, Duration.ofSeconds(30)).get(requestCount - 1);
        return request.toolResultContent(request.toolResultIds().getLast()).orElseThrow();
    }

    /** Picks one of the permission question's options, as a user clicking it would. */
    private void answer(JsonNode question, String label) {
        String text = question.path("tool_input").path("questions").get(0).path("question").asString();
        alice.post("/api/v1/user-input-requests/" + question.path("id").asString() + "/answer",
                Map.of("answers", Map.of(text, label))).ok();
    }

    private String project(String name) {
        return alice.post("/api/v1/projects", Map.of("name", name)).ok().path("project_id").asString();
    }

    private void rule(String behavior, String rule, String projectId) {
        alice.post("/api/v1/permission-rules", Map.of("behavior", behavior, "rule", rule, "project_id", projectId)).ok();
    }

    @Test
    void aDenyRuleStopsAMatchingBashCommandAndTheRunGoesOn() {
        String project = project("Careful");
        rule("deny", "Bash(rm:*)", project);
        MODEL.enqueue(Reply.bash("touch kept.txt && rm kept.txt", "Make and remove"), Reply.text("Could not."));
        String sessionId = task(alice, Map.of("prompt", "Tidy up", "project_id", project)).path("session_id")
                .asString();

        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        assertThat(lastToolResult(2)).contains("has been denied");
        assertThat(workspace(userOf(alice), sessionId).resolve("kept.txt")).as("the compound command never ran")
                .doesNotExist();
    }

    @Test
    void anAskRuleBecomesAQuestionAndAllowOnceLetsTheCommandRun() {
        String project = project("Asking");
        rule("ask", "Bash(touch:*)", project);
        MODEL.enqueue(Reply.bash("touch asked.txt", "Create the file"), Reply.text("Created."));
        String sessionId = task(alice, Map.of("prompt", "Create asked.txt", "project_id", project))
                .path("session_id").asString();

        JsonNode question = awaitQuestion(alice, sessionId);
        assertThat(question.path("tool_name").asString()).as("any client that answers questions can answer it")
                .isEqualTo("AskUserQuestion");
        JsonNode asked = question.path("tool_input");
        String text = asked.path("questions").get(0).path("question").asString();
        assertThat(text).contains("`touch asked.txt`");
        assertThat(asked.path("permission").path("tool_name").asString()).isEqualTo("Bash");
        assertThat(asked.path("questions").get(0).path("options").findValuesAsString("label"))
                .containsExactly("Allow once", "Always allow", "Deny");
        Path file = workspace(userOf(alice), sessionId).resolve("asked.txt");
        assertThat(file).as("not before the answer").doesNotExist();

        answer(question, "Allow once");
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        assertThat(file).exists();
        assertThat(alice.get("/api/v1/permission-rules?project_id=" + project).ok()).as("once saves nothing")
                .hasSize(1);
    }

    @Test
    void alwaysAllowSavesTheRuleInTheProjectAndTheNextRunIsNotAskedAgain() {
        String project = project("Trusting");
        rule("ask", "Bash(touch:*)", project);
        MODEL.enqueue(Reply.bash("touch again.txt", "Create the file"), Reply.text("Created."));
        String sessionId = task(alice, Map.of("prompt", "Create again.txt", "project_id", project))
                .path("session_id").asString();
        answer(awaitQuestion(alice, sessionId), "Always allow");
        awaitSession(alice, sessionId, "completed", "failed");

        assertThat(alice.get("/api/v1/permission-rules?project_id=" + project).ok())
                .extracting(r -> r.path("behavior").asString() + " " + r.path("rule").asString())
                .containsExactlyInAnyOrder("ask Bash(touch:*)", "allow Bash(touch again.txt)");

        Path file = workspace(userOf(alice), sessionId).resolve("again.txt");
        file.toFile().delete();
        MODEL.enqueue(Reply.bash("touch again.txt", "Create it again"), Reply.text("Created again."));
        task(alice, Map.of("prompt", "Once more", "session_id", sessionId));
        // Had it asked, nobody would answer: the question would expire (8 s here) and the command be refused.
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        assertThat(lastToolResult(4)).doesNotContain("denied").doesNotContain("did not answer");
        assertThat(file).exists();
    }

    @Test
    void aDeniedAskTellsTheAgentTheUserSaidNo() {
        String project = project("Refusing");
        rule("ask", "Bash(touch:*)", project);
        MODEL.enqueue(Reply.bash("touch refused.txt", "Create the file"), Reply.text("Understood."));
        String sessionId = task(alice, Map.of("prompt", "Create refused.txt", "project_id", project))
                .path("session_id").asString();
        answer(awaitQuestion(alice, sessionId), "Deny");

        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        assertThat(lastToolResult(2)).contains("The user denied this Bash call");
        assertThat(workspace(userOf(alice), sessionId).resolve("refused.txt")).doesNotExist();
    }
}
