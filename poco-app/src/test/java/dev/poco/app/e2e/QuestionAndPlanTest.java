package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** AskUserQuestion and plan approval travel through user-input requests to the user and back. */
class QuestionAndPlanTest extends EndToEndTest {

    private static final Map<String, Object> COLOR_QUESTION = Map.of("questions", List.of(Map.of(
            "question", "Which color should the button be?", "header", "Color", "multiSelect", false,
            "options", List.of(Map.of("label", "Red", "description", "warm"),
                    Map.of("label", "Blue", "description", "cool")))));

    private static String onlyToolResult(RecordedRequest request) {
        return request.toolResultContent(request.toolResultIds().getFirst()).orElseThrow();
    }

    @Test
    void anAnsweredQuestionReachesTheModelAsTheToolResult() {
        MODEL.enqueue(Reply.toolUse("AskUserQuestion", COLOR_QUESTION), Reply.text("Blue it is."));
        String sessionId = task(alice, Map.of("prompt", "Make a button")).path("session_id").asString();

        JsonNode question = awaitQuestion(alice, sessionId);
        assertThat(question.path("tool_name").asString()).isEqualTo("AskUserQuestion");
        assertThat(question.path("tool_input").path("questions").get(0).path("header").asString()).isEqualTo("Color");
        alice.post("/api/v1/user-input-requests/" + question.path("id").asString() + "/answer",
                Map.of("answers", Map.of("Which color should the button be?", "Blue"))).ok();

        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString()).isEqualTo("completed");
        String result = onlyToolResult(MODEL.awaitMessageRequests(2, Duration.ofSeconds(30)).get(1));
        assertThat(result).contains("Which color should the button be?").contains("Blue");
    }

    @Test
    void anUnansweredQuestionExpiresAndTheRunGoesOnWithADenial() {
        MODEL.enqueue(Reply.toolUse("AskUserQuestion", COLOR_QUESTION), Reply.text("I will pick one myself."));
        String sessionId = task(alice, Map.of("prompt", "Make a button")).path("session_id").asString();
        JsonNode question = awaitQuestion(alice, sessionId);

        // the test context gives questions 8 s; nobody answers
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString()).isEqualTo("completed");
        RecordedRequest next = MODEL.awaitMessageRequests(2, Duration.ofSeconds(30)).get(1);
        assertThat(onlyToolResult(next)).contains("did not answer in time");
        JsonNode stored = alice.get("/api/v1/user-input-requests?session_id=" + sessionId).ok();
        assertThat(stored).as("no longer pending").isEmpty();
        alice.post("/api/v1/user-input-requests/" + question.path("id").asString() + "/answer",
                Map.of("answers", Map.of("Which color should the button be?", "Red"))).error(409, 40000);
    }

    @Test
    void inPlanModeAWriteIsRefusedUntilThePlanIsApprovedAndThenRuns() {
        Map<String, Object> write = Map.of("file_path", "/workspace/plan-output.txt", "content", "written by plan\n");
        MODEL.enqueue(Reply.toolUse("Write", write),
                Reply.toolUse("ExitPlanMode", Map.of("plan", "1. Write plan-output.txt")),
                Reply.toolUse("Write", write),
                Reply.text("Done."));
        String sessionId = task(alice, Map.of("prompt", "Plan, then write the file", "permission_mode", "plan"))
                .path("session_id").asString();
        Path file = workspace(userOf(alice), sessionId).resolve("plan-output.txt");

        JsonNode approval = awaitQuestion(alice, sessionId);
        assertThat(approval.path("tool_name").asString()).isEqualTo("ExitPlanMode");
        assertThat(approval.path("tool_input").path("plan").asString()).contains("Write plan-output.txt");
        assertThat(file).as("nothing written before approval").doesNotExist();
        RecordedRequest afterRefusal = MODEL.messageRequests().get(1);
        assertThat(onlyToolResult(afterRefusal)).contains("Plan mode");

        alice.post("/api/v1/user-input-requests/" + approval.path("id").asString() + "/answer",
                Map.of("answers", Map.of("approved", "true"))).ok();
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString()).isEqualTo("completed");
        assertThat(file).hasContent("written by plan");
    }

    @Test
    void aRejectedPlanEndsTheTurn() throws Exception {
        MODEL.enqueue(Reply.toolUse("ExitPlanMode", Map.of("plan", "1. Delete everything")),
                Reply.text("This must not be asked for."));
        String sessionId = task(alice, Map.of("prompt", "Clean up", "permission_mode", "plan"))
                .path("session_id").asString();
        JsonNode approval = awaitQuestion(alice, sessionId);
        alice.post("/api/v1/user-input-requests/" + approval.path("id").asString() + "/answer",
                Map.of("answers", Map.of("approved", "false"))).ok();

        JsonNode session = awaitSession(alice, sessionId, "completed", "failed");
        assertThat(session.path("status").asString()).as("the user chose to stop; not an error").isEqualTo("completed");
        // The run ends only after the CLI's result for the turn: a second model request of this turn would have come
        // before it, and would have taken the queued reply.
        assertThat(MODEL.messageRequests()).as("the turn ended at the rejection").hasSize(1);
        assertThat(MODEL.pendingReplies()).as("nobody asked for the reply after the plan").isEqualTo(1);
    }
}
