package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.Reply;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A sandbox limit hit by the agent's own Bash tool fails the run with a message that names the limit and the setting
 * to change, and keeps what the agent wrote. The process limit is the default 1024 (cgroup pids.max here, where the
 * runner is root); the disk limit is the suite's {@link #DISK_LIMIT_MB}.
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

    @Test
    void aForkBombFailsTheRunWithTheProcessLimitAndPocoKeepsServing() {
        // A real bomb keeps its shell busy; "wait" would return as soon as the first, backgrounded generation has
        // spawned, and the run could complete before the watchdog's next look. The sleep stands for that shell.
        MODEL.enqueue(Reply.bash("bomb() { bomb | bomb & }; bomb; sleep 60", "Fork"), Reply.text("Done."));
        JsonNode task = task(alice, Map.of("prompt", "Fork a lot"));
        String runId = task.path("run_id").asString();

        JsonNode run = awaitRun(alice, runId, "failed");
        assertThat(run.path("last_error").asString())
                .isEqualTo("sandbox exceeded its process limit of 1024 processes (POCO_RUNNER_MAX_PROCESSES)");
        // The host and Poco stayed responsive: the next task in the same session runs normally.
        MODEL.enqueue(Reply.bash("echo after > after.txt", "Write"), Reply.text("Written."));
        JsonNode next = task(alice, Map.of("prompt", "Write after.txt", "session_id",
                task.path("session_id").asString()));
        assertThat(awaitRun(alice, next.path("run_id").asString(), "completed").path("status").asString())
                .isEqualTo("completed");
    }
}
