package dev.poco.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.TestServerApplication;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.db.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A second server in {@code single_user} mode (the default outside tests): {@code X-User-Id} is
 * ignored and everything belongs to the user {@code default}.
 */
@SpringBootTest(classes = TestServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SingleUserModeApiTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void singleUser(DynamicPropertyRegistry registry) throws IOException {
        String home = Files.createTempDirectory("poco-single-user-home").toString();
        registry.add("poco.database.url", TestDatabase::url);
        registry.add("poco.home", () -> home);
        registry.add("poco.auth.mode", () -> "single_user");
        registry.add("poco.auth.internal-api-token", () -> "single-user-runner-token");
    }

    private Api api() {
        return new Api("http://127.0.0.1:" + port, Map.of());
    }

    @Test
    void theUserHeaderIsIgnoredAndEverythingBelongsToDefault() {
        JsonNode session = api().as("mallory").post("/api/v1/sessions", Map.of()).ok();
        String id = session.path("session_id").asString();
        assertThat(session.path("user_id").asString()).isEqualTo("default");

        assertThat(api().get("/api/v1/sessions/" + id).ok().path("user_id").asString()).isEqualTo("default");
        assertThat(api().as("eve").get("/api/v1/sessions/" + id).ok().path("session_id").asString()).isEqualTo(id);
        assertThat(api().as("eve").get("/api/v1/sessions?limit=1000").ok())
                .extracting(s -> s.path("session_id").asString()).contains(id);

        JsonNode task = api().as("trudy").post("/api/v1/tasks", Map.of("prompt", "hello",
                "schedule_mode", "single-user-test-never-claimed")).ok();
        assertThat(api().as("someone-else").get("/api/v1/sessions/" + task.path("session_id").asString()).ok()
                .path("user_id").asString()).isEqualTo("default");
        assertThat(api().as("x").get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("status").asString())
                .isEqualTo("queued");
        api().post("/api/v1/sessions/" + task.path("session_id").asString() + "/cancel", Map.of()).ok();
    }

    @Test
    void runnerEndpointsStillNeedTheToken() {
        api().post("/api/v1/runs/claim", Map.of("worker_id", "w")).error(403, 40300);
        api().withHeader("X-Internal-Token", "single-user-runner-token")
                .post("/api/v1/runs/claim", Map.of("worker_id", "w", "schedule_modes", java.util.List.of("none-here")))
                .ok();
    }
}
