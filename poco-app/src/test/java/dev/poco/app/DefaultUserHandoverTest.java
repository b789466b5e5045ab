package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.app.support.PasswordAccounts;
import dev.poco.protocol.WorkspaceLayout;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17: switching a {@code single_user} installation to {@code password} keeps its data, files included. The
 * product runs first as {@code single_user} (a task as user {@code default} writes a file, which the runner keeps in
 * the session's directory and exports to the store), stops, and starts again on the same database and
 * {@code POCO_HOME} in {@code password} mode. The first admin set up there reads the session's files, downloads them
 * and the archive, and runs a follow-up in which the agent sees the file and the earlier conversation.
 */
class DefaultUserHandoverTest {

    private static final FakeAnthropicServer MODEL = ServerModelCalls.answerAside(new FakeAnthropicServer().start());
    private static final Duration RUN = Duration.ofSeconds(120);
    private static final String DATABASE = TestDatabase.freshDatabase("poco_handover");
    private static final Path HOME = tempDir();

    @AfterAll
    static void stopModel() {
        MODEL.close();
    }

    @Test
    void theFirstAdminReadsDownloadsAndContinuesWhatUserDefaultLeft() throws Exception {
        String sessionId;
        try (ConfigurableApplicationContext single = start("single_user")) {
            Api owner = new Api(base(single), Map.of());
            MODEL.enqueue(Reply.bash("echo blue > color.txt", "Write the colour"), Reply.text("I wrote blue."));
            sessionId = owner.post("/api/v1/tasks", Map.of("prompt", "Write the colour blue into color.txt")).ok()
                    .path("session_id").asString();
            awaitDone(owner, sessionId);
            assertThat(Files.readString(workspace("default", sessionId).resolve("color.txt"))).isEqualTo("blue\n");
        }

        try (ConfigurableApplicationContext password = start("password")) {
            Api admin = PasswordAccounts.admin(base(password));
            String adminId = admin.get("/api/v1/auth/me").ok().path("user_id").asString();
            String session = "/api/v1/sessions/" + sessionId;
            assertThat(admin.get(session).ok().path("user_id").asString()).isEqualTo(adminId);

            // the files, from the export in the store
            assertThat(admin.get(session + "/workspace/files").ok().findValuesAsString("path")).contains("/color.txt");
            HttpResponse<byte[]> file = admin.getBytes(session + "/workspace/raw?path=color.txt&download=true");
            assertThat(file.statusCode()).as("download of color.txt").isEqualTo(200);
            assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("blue\n");
            String archive = admin.get(session + "/workspace/archive").ok().path("url").asString();
            assertThat(archive).as("the archive's URL").isNotBlank();
            assertThat(admin.getBytes(archive).statusCode()).as("download of the archive").isEqualTo(200);

            // the session's directory moved with it: a follow-up's agent sees the file and the conversation
            assertThat(workspace(adminId, sessionId).resolve("color.txt")).as("the session's directory, now the admin's")
                    .exists();
            assertThat(HOME.resolve("workspaces").resolve("default")).doesNotExist();
            MODEL.enqueue(Reply.bash("cat color.txt", "Read the colour"), Reply.text("It says blue."));
            admin.post("/api/v1/tasks", Map.of("prompt", "Which colour is in color.txt?", "session_id", sessionId))
                    .ok();
            awaitDone(admin, sessionId);
            JsonNode tools = admin.get(session + "/tool-executions").ok();
            JsonNode read = tools.get(tools.size() - 1);
            assertThat(read.path("tool_input").path("command").asString()).isEqualTo("cat color.txt");
            assertThat(read.path("tool_output").toString()).contains("blue");
            assertThat(read.path("is_error").asBoolean()).isFalse();
            String sent = MODEL.messageRequests().getLast().json().path("messages").toString();
            assertThat(sent).as("the follow-up resumed the conversation of user default")
                    .contains("Write the colour blue into color.txt").contains("Which colour is in color.txt?");
        }
    }

    private static void awaitDone(Api user, String sessionId) {
        await().atMost(RUN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode s = user.get("/api/v1/sessions/" + sessionId).ok();
            assertThat(s.path("status").asString()).as("session %s", s).isIn("completed", "failed");
            assertThat(s.path("workspace_export_status").asString()).isEqualTo("ready");
        });
        assertThat(user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("completed");
    }

    private static ConfigurableApplicationContext start(String mode) {
        Map<String, String> settings = Map.of(
                "server.port", "0",
                "poco.auth.mode", mode,
                "poco.database.url", DATABASE,
                "poco.home", HOME.toString(),
                "poco.model.base-url", MODEL.baseUrl(),
                "poco.model.api-key", "sk-ant-handover-test",
                "poco.runner.max-concurrent-runs", "1");
        return new SpringApplicationBuilder(PocoApplication.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    private static String base(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    private static Path workspace(String userId, String sessionId) {
        return WorkspaceLayout.workspace(HOME.resolve("workspaces"), userId, UUID.fromString(sessionId));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("poco-handover-home");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
