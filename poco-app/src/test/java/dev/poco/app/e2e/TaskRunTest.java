package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.anthropic.Usage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A task from POST /tasks to a completed session, with the real CLI in the real sandbox, and a follow-up in the same
 * session. Also run in password mode ({@link PasswordModeTaskRunTest}).
 */
class TaskRunTest extends EndToEndTest {

    @Test
    void aBashTaskWritesAFileInTheWorkspaceAndEveryStepIsStored() throws Exception {
        MODEL.enqueue(Reply.bash("echo hello > out.txt", "Write the file").withUsage(new Usage(120, 30, 0, 0)),
                Reply.text("I wrote out.txt.").withUsage(new Usage(200, 10, 0, 0)));
        JsonNode task = task(alice, Map.of("prompt", "Write hello into out.txt"));
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();

        JsonNode session = awaitSession(alice, sessionId, "completed", "failed");
        assertThat(session.path("status").asString()).as("session %s", session).isEqualTo("completed");
        Path workspace = workspace(userOf(alice), sessionId);
        assertThat(Files.readString(workspace.resolve("out.txt"))).isEqualTo("hello\n");
        // and through the API, from the run's export: the tree, the file, its download
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/workspace/files").ok().findValuesAsString("path"))
                .contains("/out.txt");
        HttpResponse<byte[]> file = alice.getBytes("/api/v1/sessions/" + sessionId + "/workspace/raw?path=out.txt"
                + "&download=true");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");

        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        List<String> types = messages.findValuesAsString("_type");
        assertThat(types).contains("UserMessage", "SystemMessage", "AssistantMessage", "ToolUseBlock",
                "ToolResultBlock", "ResultMessage");
        JsonNode tools = alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok();
        assertThat(tools).hasSize(1);
        assertThat(tools.get(0).path("tool_name").asString()).isEqualTo("Bash");
        assertThat(tools.get(0).path("tool_input").path("command").asString()).isEqualTo("echo hello > out.txt");
        assertThat(tools.get(0).path("tool_output").isObject()).isTrue();
        assertThat(tools.get(0).path("is_error").asBoolean()).isFalse();

        JsonNode run = awaitRun(alice, runId, "completed");
        JsonNode usage = run.path("usage").path("usage_json");
        // what the fake model sent, as the runner's gateway counted it (not the CLI's own report)
        assertThat(usage.path("usage_source").asString()).as("%s", usage).isEqualTo("gateway");
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(320);
        assertThat(usage.path("output_tokens").asLong()).isEqualTo(40);
        assertThat(usage.path("model_requests").asLong()).isEqualTo(2);
        assertThat(run.path("progress").asInt()).isEqualTo(100);

        assertThat(workspace.resolve(".git/refs/tags/poco/run/" + runId + "/base")).exists();
        assertThat(workspace.resolve(".git/refs/tags/poco/run/" + runId + "/result")).exists();
        RecordedRequest first = MODEL.messageRequests().getFirst();
        assertThat(first.header("x-api-key")).contains(KEY);
        assertThat(first.lastUserPrompt()).contains("Write hello into out.txt");
    }

    @Test
    void aSecondTaskInTheSessionResumesTheConversation() {
        MODEL.enqueue(Reply.text("Noted: the code word is AZURE."));
        JsonNode first = task(alice, Map.of("prompt", "Remember the code word AZURE"));
        String sessionId = first.path("session_id").asString();
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString()).isEqualTo("completed");
        String sdkSession = alice.get("/api/v1/sessions/" + sessionId).ok().path("sdk_session_id").asString();
        assertThat(sdkSession).isNotBlank();

        MODEL.enqueue(Reply.text("The code word is AZURE."));
        task(alice, Map.of("prompt", "What was the code word?", "session_id", sessionId));
        awaitSession(alice, sessionId, "completed", "failed");
        await2Requests();
        RecordedRequest second = MODEL.messageRequests().getLast();
        String sent = second.json().path("messages").toString();
        assertThat(sent).as("the model receives the earlier turn").contains("Remember the code word AZURE")
                .contains("Noted: the code word is AZURE.").contains("What was the code word?");
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("sdk_session_id").asString())
                .isEqualTo(sdkSession);
    }

    private static void await2Requests() {
        MODEL.awaitMessageRequests(2, Duration.ofSeconds(30));
    }
}
