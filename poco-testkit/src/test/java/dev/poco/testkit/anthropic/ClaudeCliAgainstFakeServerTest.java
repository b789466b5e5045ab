package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The decisive test: the real, pinned Claude Code CLI accepts this fake as its Messages API.
 * Fails (never skips) when the CLI is not installed; see {@link ClaudeCli#binary()}.
 */
class ClaudeCliAgainstFakeServerTest {

    private static final String TOOL_ID = "toolu_01PocoTestBashCall00000";

    private final FakeAnthropicServer fake = new FakeAnthropicServer().start();

    @TempDir
    Path home;

    @TempDir
    Path workspace;

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void theRealCliRunsAScriptedBashCallAndFinishesWithTheScriptedText() throws Exception {
        fake.enqueue(
                Reply.toolUse(TOOL_ID, "Bash", Map.of("command", "echo hello > out.txt", "description", "write file"))
                        .withUsage(new Usage(1000, 50, 10, 200)),
                Reply.text("done").withUsage(new Usage(300, 7, 0, 40)));

        ClaudeCli.Run run = ClaudeCli.run(fake, home, workspace, "do it", Map.of());

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(workspace.resolve("out.txt")).content().isEqualTo("hello\n");
        JsonNode result = run.result().orElseThrow(() -> new AssertionError("no result line\n" + run.describe()));
        assertThat(result.path("subtype").asString()).isEqualTo("success");
        assertThat(result.path("is_error").asBoolean()).isFalse();
        assertThat(result.path("result").asString()).isEqualTo("done");
        assertThat(result.path("num_turns").asInt()).isEqualTo(2);
        // The CLI sums the final usage of every API response of the run.
        JsonNode usage = result.path("usage");
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(1300);
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(57);
        assertThat(usage.path("cache_creation_input_tokens").asInt()).isEqualTo(10);
        assertThat(usage.path("cache_read_input_tokens").asInt()).isEqualTo(240);
        assertThat(run.lines()).extracting(line -> line.path("type").asString())
                .containsSubsequence("system", "assistant", "user", "assistant", "result");

        List<RecordedRequest> requests = fake.messageRequests();
        assertThat(requests).as(fake.requests().toString()).hasSize(2);
        assertThat(fake.pendingReplies()).isZero();
        RecordedRequest first = requests.getFirst();
        assertThat(first.query()).hasValue("beta=true");
        assertThat(first.isStreaming()).isTrue();
        assertThat(first.header("x-api-key")).hasValue("test");
        assertThat(first.header("anthropic-version")).hasValue("2023-06-01");
        assertThat(first.toolNames()).contains("Bash");
        assertThat(first.lastUserPrompt()).isEqualTo("do it");
        assertThat(first.hasToolResult()).isFalse();
        RecordedRequest second = requests.get(1);
        assertThat(second.hasToolResult()).isTrue();
        assertThat(second.toolResultIds()).containsExactly(TOOL_ID);
        assertThat(second.toolResultContent(TOOL_ID)).isPresent();
        assertThat(second.messageCount()).isGreaterThan(first.messageCount());
    }

    @Test
    void theRealCliGivesUpOnAPersistent529WithAnErrorResult() throws Exception {
        fake.defaultReply(Reply.overloaded());

        ClaudeCli.Run run = ClaudeCli.run(fake, home, workspace, "do it", Map.of("CLAUDE_CODE_MAX_RETRIES", "1"));

        assertThat(run.exitCode()).as(run.describe()).isNotZero();
        JsonNode result = run.result().orElseThrow(() -> new AssertionError("no result line\n" + run.describe()));
        assertThat(result.path("is_error").asBoolean()).as(run.describe()).isTrue();
        assertThat(result.path("api_error_status").asInt()).isEqualTo(529);
        assertThat(fake.awaitMessageRequests(1, Duration.ofSeconds(1))).isNotEmpty();
        assertThat(fake.messageRequests()).allSatisfy(request -> assertThat(request.isStreaming()).isTrue());
    }
}
