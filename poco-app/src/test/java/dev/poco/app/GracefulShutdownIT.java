package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.app.support.PocoProcess;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Api;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Ctrl-C (SIGTERM) on the all-in-one process while a task runs: the runner stops claiming, gives
 * the run its grace period, then stops it and fails it with a reason, before the web server goes
 * away; no agent process outlives Poco, and after a restart the run says why it failed.
 */
class GracefulShutdownIT {

    @TempDir
    Path home;

    @Test
    void shuttingDownFailsARunningTaskWithAReasonAndLeavesNoProcess() throws Exception {
        try (FakeAnthropicServer model = ServerModelCalls.answerAside(new FakeAnthropicServer().start())) {
            model.enqueue(Reply.text("never sent").delayFirstByte(Duration.ofMinutes(5)));
            int port = PocoProcess.freePort();
            Map<String, String> env = Map.of("ANTHROPIC_BASE_URL", model.baseUrl(), "ANTHROPIC_API_KEY", "shutdown-key",
                    "POCO_RUNNER_SHUTDOWN_GRACE_SECONDS", "2", "POCO_CLAUDE_BIN", PocoProcess.claudeBinary());
            String runId;
            String shutdownLog;
            try (PocoProcess poco = PocoProcess.start(PocoProcess.jarCommand(), home, port, env, Duration.ofMinutes(3))) {
                Api user = new Api(poco.base(), Map.of());
                runId = user.post("/api/v1/tasks", Map.of("prompt", "take your time")).ok().path("run_id").asString();
                model.awaitMessageRequests(1, Duration.ofSeconds(90));
                poco.close(); // SIGTERM, as systemd stop or kill would send
                shutdownLog = poco.output();
                assertThat(shutdownLog).contains("the runner is shutting down");
            }
            assertThat(ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("/opt/claude/bin/claude")).count())
                    .as("no agent process outlives Poco").isZero();

            try (PocoProcess again = PocoProcess.start(PocoProcess.jarCommand(), home, port, env, Duration.ofMinutes(3))) {
                JsonNode run = new Api(again.base(), Map.of()).get("/api/v1/runs/" + runId).ok();
                assertThat(run.path("status").asString()).as("run after shutdown; log:%n%s", shutdownLog)
                        .isEqualTo("failed");
                assertThat(run.path("last_error").asString()).contains("runner shut down before the run finished");
            }
        }
    }
}
