package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.app.support.PocoProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product as a user runs it: no PostgreSQL installed or configured, a fresh POCO_HOME. It
 * must come up on its embedded database, answer health, and keep sessions across a restart.
 */
class PocoStartIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path home;

    @Test
    void theJarStartsWithItsEmbeddedDatabaseAndKeepsSessionsAcrossARestart() throws Exception {
        int port = PocoProcess.freePort();
        Map<String, String> env = Map.of("POCO_ROLE", "server");
        String sessionId;
        try (PocoProcess poco = PocoProcess.start(PocoProcess.jarCommand(), home, port, env, START)) {
            JsonNode health = JSON.readTree(poco.get("/api/v1/health").body());
            assertThat(health.path("data").path("status").asString()).isEqualTo("healthy");
            assertThat(poco.output()).contains("Starting the embedded PostgreSQL");
            JsonNode created = JSON.readTree(poco.post("/api/v1/sessions", "{\"config\": {\"model\": null}}").body());
            sessionId = created.path("data").path("session_id").asString();
            assertThat(sessionId).isNotBlank();
        }
        assertThat(Files.isDirectory(home.resolve("data/postgres"))).isTrue();

        try (PocoProcess again = PocoProcess.start(PocoProcess.jarCommand(), home, port, env, START)) {
            JsonNode session = JSON.readTree(again.get("/api/v1/sessions/" + sessionId).body());
            assertThat(session.path("code").asInt()).isZero();
            assertThat(session.path("data").path("session_id").asString()).isEqualTo(sessionId);
            assertThat(session.path("data").path("config_snapshot").path("git_branch").asString()).isEqualTo("main");
        }
    }

    @Test
    void thePocoLauncherStartsTheProductOnTheRequestedPort() throws Exception {
        int port = PocoProcess.freePort();
        List<String> command = List.of(PocoProcess.ROOT.resolve("poco").toString(), "start", "--port",
                Integer.toString(port));
        // the whole product: server, web UI and the embedded runner (which needs bwrap and the CLI)
        try (PocoProcess poco = PocoProcess.start(command, home, port,
                Map.of("POCO_CLAUDE_BIN", PocoProcess.claudeBinary()), START)) {
            assertThat(poco.get("/api/v1/health").statusCode()).isEqualTo(200);
            assertThat(poco.output()).contains("starting Poco").contains("Poco is listening on http://");
            await().atMost(Duration.ofSeconds(30)).until(() -> poco.output().contains("takes up to"));
            assertThat(poco.get("/").body()).contains("<div id=\"root\"").as("the web UI is served at /");
        }
    }
}
