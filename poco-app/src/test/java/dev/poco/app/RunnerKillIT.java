package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * A runner on its own ({@code ./poco runner}) is killed in the middle of a run. The server must
 * fail that run once its heartbeats stop, keep everything stored before the kill, and the
 * sandbox must die with the runner.
 */
class RunnerKillIT {

    private static final String TOKEN = "kill-test-token";

    @TempDir
    Path serverHome;

    @TempDir
    Path runnerHome;

    private static long sandboxProcesses() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("/opt/claude/bin/claude"))
                .count();
    }

    @Test
    void killingTheRunnerMidRunFailsTheRunAndLosesNothingStoredBefore() throws Exception {
        try (FakeAnthropicServer model = ServerModelCalls.answerAside(new FakeAnthropicServer().start())) {
            model.enqueue(Reply.bash("echo step one > one.txt", "first step"),
                    Reply.text("never sent").delayFirstByte(Duration.ofMinutes(5)));
            int port = PocoProcess.freePort();
            Map<String, String> serverEnv = Map.of("POCO_ROLE", "server", "INTERNAL_API_TOKEN", TOKEN,
                    "POCO_RUNS_HEARTBEAT_TIMEOUT_SECONDS", "6", "POCO_RUNS_REAPER_INTERVAL_SECONDS", "1");
            try (PocoProcess server = PocoProcess.start(PocoProcess.jarCommand(), serverHome, port, serverEnv,
                    Duration.ofMinutes(3))) {
                Map<String, String> runnerEnv = Map.of("POCO_ROLE", "runner", "POCO_SERVER_URL", server.base(),
                        "INTERNAL_API_TOKEN", TOKEN, "ANTHROPIC_BASE_URL", model.baseUrl(),
                        "ANTHROPIC_API_KEY", "kill-test-key", "POCO_CLAUDE_BIN", PocoProcess.claudeBinary());
                PocoProcess runner = PocoProcess.startUntil(PocoProcess.jarCommand(), runnerHome, runnerEnv,
                        "takes up to", Duration.ofMinutes(2));
                try {
                    Api user = new Api(server.base(), Map.of());
                    JsonNode task = user.post("/api/v1/tasks", Map.of("prompt", "two steps")).ok();
                    String sessionId = task.path("session_id").asString();
                    String runId = task.path("run_id").asString();
                    model.awaitMessageRequests(2, Duration.ofSeconds(90)); // the second one hangs
                    await().atMost(Duration.ofSeconds(30)).until(() -> {
                        JsonNode tools = user.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok();
                        return tools.size() == 1 && tools.get(0).path("tool_output").isObject();
                    });
                    int storedMessages = user.get("/api/v1/sessions/" + sessionId + "/messages").ok().size();
                    assertThat(sandboxProcesses()).as("the agent is running").isPositive();

                    runner.kill();

                    await().atMost(Duration.ofSeconds(60)).until(() ->
                            "failed".equals(user.get("/api/v1/runs/" + runId).ok().path("status").asString()));
                    JsonNode run = user.get("/api/v1/runs/" + runId).ok();
                    assertThat(run.path("last_error").asString()).contains("stopped sending heartbeats");
                    assertThat(user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString())
                            .isEqualTo("failed");
                    assertThat(user.get("/api/v1/sessions/" + sessionId + "/messages").ok().size())
                            .as("nothing stored before the kill is lost").isEqualTo(storedMessages);
                    JsonNode tool = user.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok().get(0);
                    assertThat(tool.path("tool_input").path("command").asString()).isEqualTo("echo step one > one.txt");
                    await().atMost(Duration.ofSeconds(10)).until(() -> sandboxProcesses() == 0);
                } finally {
                    runner.close();
                }
            }
        }
    }
}
