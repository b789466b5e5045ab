package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Cancel reaches the runner, which interrupts the CLI and then ends the sandbox. */
class CancelTest extends EndToEndTest {

    private static long claudeProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("/opt/claude/bin/claude"))
                .count();
    }

    @Test
    void cancelDuringASlowModelResponseEndsTheRunCanceledAndLeavesNoProcess() {
        MODEL.enqueue(Reply.text("Far too late.").delayFirstByte(Duration.ofMinutes(2)));
        JsonNode task = task(alice, Map.of("prompt", "Think for a long time"));
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        MODEL.awaitMessageRequests(1, Duration.ofSeconds(60));
        assertThat(claudeProcesses()).as("the agent is running").isPositive();

        JsonNode canceled = alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of("reason", "changed my mind"))
                .ok();
        assertThat(canceled.path("canceled_runs").asInt()).isEqualTo(1);
        assertThat(canceled.path("executor_cancelled").asBoolean()).isTrue();

        // acceptance: canceled within 5 s, and no process left (the grace period is 2 s in this context)
        await().atMost(Duration.ofSeconds(5)).until(() ->
                "canceled".equals(alice.get("/api/v1/runs/" + runId).ok().path("status").asString()));
        await().atMost(Duration.ofSeconds(5)).until(() -> claudeProcesses() == 0);
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("canceled");
    }
}
