package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cancel reaches the runner, which interrupts the CLI and then ends the sandbox. */
class CancelTest extends EndToEndTest {

    /**
     * Claude Code processes of the session: the warm pool keeps CLIs of no session running, so a process counts when
     * its sandbox has the session's workspace mounted (its mount table names the session's directory).
     */
    private static long claudeProcesses(String sessionId) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("/opt/claude/bin/claude"))
                .filter(p -> mountsOf(p).contains(sessionId))
                .count();
    }

    private static String mountsOf(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "mountinfo"));
        } catch (IOException e) {
            return ""; // gone meanwhile
        }
    }

    @Test
    void cancelDuringASlowModelResponseEndsTheRunCanceledAndLeavesNoProcess() {
        MODEL.enqueue(Reply.text("Far too late.").delayFirstByte(Duration.ofMinutes(2)));
        JsonNode task = task(alice, Map.of("prompt", "Think for a long time"));
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        MODEL.awaitMessageRequests(1, Duration.ofSeconds(60));
        assertThat(claudeProcesses(sessionId)).as("the agent is running").isPositive();

        JsonNode canceled = alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of("reason", "changed my mind"))
                .ok();
        assertThat(canceled.path("canceled_runs").asInt()).isEqualTo(1);
        assertThat(canceled.path("executor_cancelled").asBoolean()).isTrue();

        // acceptance: canceled within 5 s, and no process left (the grace period is 2 s in this context)
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "canceled".equals(alice.get("/api/v1/runs/" + runId).ok().path("status").asString()));
        await().atMost(Duration.ofSeconds(5)).until(() -> claudeProcesses(sessionId) == 0);
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("canceled");
    }
}
