package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a session carries from run to run, with the real CLI in the real sandbox: the workspace's git changes after a
 * follow-up run, a branch that continues from the source's files and conversation, and model messages far above the
 * SDK's old 1 MiB line cap.
 */
class WorkspaceAcrossRunsTest extends EndToEndTest {

    private String completedTask(Map<String, ?> body) {
        JsonNode task = task(alice, body);
        String sessionId = task.path("session_id").asString();
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        return sessionId;
    }

    @Test
    void fileChangesAfterAFollowUpRunComeFromGitWithTheirLineCounts() {
        MODEL.enqueue(Reply.bash("printf 'one\\ntwo\\n' > notes.txt", "first file"), Reply.text("Wrote notes."));
        String sessionId = completedTask(Map.of("prompt", "Write notes"));

        MODEL.enqueue(Reply.bash("printf 'three\\n' >> notes.txt && printf 'a\\nb\\nc\\n' > added.txt", "more"),
                Reply.text("Added more."));
        completedTask(Map.of("prompt", "Add more", "session_id", sessionId));

        JsonNode state = alice.get("/api/v1/sessions/" + sessionId).ok().path("state_patch").path("workspace_state");
        List<JsonNode> changes = StreamSupport.stream(state.path("file_changes").spliterator(), false).toList();
        assertThat(changes).as("state %s", state)
                .extracting(c -> c.path("path").asString(), c -> c.path("status").asString(),
                        c -> c.path("added_lines").asInt(), c -> c.path("deleted_lines").asInt())
                .containsExactlyInAnyOrder(tuple("notes.txt", "modified", 1, 0), tuple("added.txt", "added", 3, 0));
        assertThat(state.path("total_added_lines").asInt()).isEqualTo(4);
        assertThat(state.path("branch").asString()).isEqualTo("main");
        assertThat(changes).allSatisfy(c -> assertThat(c.path("diff").asString()).contains("diff --git"));
    }

    @Test
    void aBranchContinuesWithTheSourcesFilesAndConversation() throws Exception {
        MODEL.enqueue(Reply.bash("echo blue > color.txt", "remember"), Reply.text("Stored the color."));
        String sessionId = completedTask(Map.of("prompt", "Remember the color blue in color.txt"));
        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        long last = messages.get(messages.size() - 1).path("id").asLong();

        String branch = alice.post("/api/v1/sessions/" + sessionId + "/branch", Map.of("message_id", last)).ok()
                .path("session_id").asString();
        assertThat(Files.readString(workspace(userOf(alice), branch).resolve("color.txt"))).isEqualTo("blue\n");

        int before = MODEL.messageRequests().size();
        MODEL.enqueue(Reply.bash("cat color.txt", "read it"), Reply.text("It is blue."));
        completedTask(Map.of("prompt", "Which color did you store?", "session_id", branch));
        MODEL.awaitMessageRequests(before + 2, Duration.ofSeconds(30));
        List<RecordedRequest> requests = MODEL.messageRequests();
        assertThat(requests.subList(before, requests.size()))
                .map(r -> r.json().path("messages").toString())
                .as("the branch resumes the source's conversation")
                .anySatisfy(sent -> assertThat(sent).contains("Remember the color blue").contains("Stored the color.")
                        .contains("Which color did you store?"));
        JsonNode tools = alice.get("/api/v1/sessions/" + branch + "/tool-executions").ok();
        assertThat(tools.get(tools.size() - 1).path("tool_output").toString()).contains("blue");
        assertThat(Files.readString(workspace(userOf(alice), sessionId).resolve("color.txt")))
                .as("the source keeps its own copy").isEqualTo("blue\n");
    }

    @Test
    void aFiveMebibyteAnswerCompletesTheRunAndIsStored() {
        String big = "0123456789abcdef".repeat(5 << 16); // 5 MiB
        MODEL.enqueue(Reply.text(big));
        String sessionId = completedTask(Map.of("prompt", "Say a lot"));

        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        assertThat(messages.toString()).as("the answer is stored whole").contains(big);
    }
}
