package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.Reply;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A sandbox limit hit by the agent's own Bash tool fails the run with a message that names the limit and the setting
 * to change, and keeps what the agent wrote.
 */
class SandboxLimitsEndToEndTest extends EndToEndTest {

    @Test
    void aRunThatFillsTheWorkspacePastTheDiskLimitFailsWithTheLimitsMessage() {
        MODEL.enqueue(Reply.bash("echo kept > kept.txt && head -c " + ((DISK_LIMIT_MB + 16) << 20)
                        + " /dev/zero > big.bin; ls", "Fill the workspace"), Reply.text("Done."));
        JsonNode task = task(alice, Map.of("prompt", "Write a big file"));
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();

        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString()).isEqualTo("failed");
        JsonNode run = awaitRun(alice, runId, "failed");
        assertThat(run.path("last_error").asString()).isEqualTo("sandbox exceeded its workspace disk limit of "
                + DISK_LIMIT_MB + " MiB (POCO_RUNNER_DISK_LIMIT_MB); the workspace up to then is kept");
        Path workspace = workspace(userOf(alice), sessionId);
        assertThat(workspace.resolve("kept.txt")).hasContent("kept");
    }
}
