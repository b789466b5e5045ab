package dev.poco.server.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.TestServerApplication;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Sharing with accounts ({@code POCO_AUTH_MODE=password}, on a database of its own): members are named by user name,
 * an unknown name is a 404 that says so, shared projects show the owner's display name; the admin sees every account's
 * usage; disabling an account cancels its running and queued tasks and stops its API tokens.
 */
@SpringBootTest(classes = TestServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectSharingPasswordModeApiTest {

    static final String RUNNER_TOKEN = "sharing-runner-token";
    static final String ADMIN_PASSWORD = "the admin's long password";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api anonymous;
    Api admin;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        String db = TestDatabase.freshDatabase("poco_sharing");
        registry.add("poco.database.url", () -> db);
        registry.add("poco.home", ProjectSharingPasswordModeApiTest::home);
        registry.add("poco.auth.mode", () -> "password");
        registry.add("poco.auth.internal-api-token", () -> RUNNER_TOKEN);
        registry.add("poco.model.api-key", () -> "");
        registry.add("poco.model.auth-token", () -> "");
        registry.add("poco.schedules.enabled", () -> "false");
        registry.add("poco.accounts.login-max-failures-per-address", () -> "100000");
    }

    private static String home() {
        try {
            return Files.createTempDirectory("poco-sharing-home").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void adminOnce() {
        anonymous = new Api("http://127.0.0.1:" + port, Map.of());
        synchronized (ProjectSharingPasswordModeApiTest.class) {
            if (anonymous.get("/api/v1/auth/status").ok().path("setup_required").asBoolean()) {
                anonymous.post("/api/v1/auth/setup", Map.of("username", "chief", "password", ADMIN_PASSWORD,
                        "display_name", "The Chief")).ok();
            }
        }
        admin = signIn("chief", ADMIN_PASSWORD);
    }

    @Test
    void membersAreNamedByUserNameAndAnUnknownNameIsA404() {
        String ownerName = member("owner-" + shortId(), "Olivia Owner");
        String viewerName = member("viewer-" + shortId(), "Victor Viewer");
        Api owner = signIn(ownerName, "member password");
        Api viewer = signIn(viewerName, "member password");
        String viewerId = viewer.get("/api/v1/auth/me").ok().path("user_id").asString();
        String project = owner.post("/api/v1/projects", Map.of("name", "Quarterly")).ok().path("project_id")
                .asString();

        JsonNode shared = owner.put("/api/v1/projects/" + project + "/members/" + viewerName.toUpperCase(),
                Map.of("role", "viewer")).ok();
        assertThat(shared.path("user_id").asString()).as("the name is resolved to the account").isEqualTo(viewerId);
        assertThat(shared.path("username").asString()).isEqualTo(viewerName);
        assertThat(shared.path("display_name").asString()).isEqualTo("Victor Viewer");

        Reply unknown = owner.put("/api/v1/projects/" + project + "/members/nobody-" + shortId(),
                Map.of("role", "viewer"));
        assertThat(unknown.error(404, 10001).message()).startsWith("No user \"nobody-")
                .contains("check the user name");
        assertThat(owner.put("/api/v1/projects/" + project + "/members/" + ownerName, Map.of("role", "editor"))
                .error(400, 40000).message()).contains("yourself");

        JsonNode seen = viewer.get("/api/v1/projects").ok();
        assertThat(seen.findValuesAsString("project_id")).containsExactly(project);
        assertThat(seen.get(0).path("owner_name").asString()).isEqualTo("Olivia Owner");
        assertThat(seen.get(0).path("role").asString()).isEqualTo("viewer");
        assertThat(owner.get("/api/v1/projects/" + project + "/members").ok().findValuesAsString("display_name"))
                .containsExactly("Olivia Owner", "Victor Viewer");
    }

    @Test
    void theAdminSeesEveryAccountsUsageAndMembersDoNot() {
        FakeRunner fake = new FakeRunner(anonymous.withHeader("X-Internal-Token", RUNNER_TOKEN));
        String spenderName = member("spender-" + shortId(), "Sam Spender");
        String idleName = member("idle-" + shortId(), "Ida Idle");
        Api spender = signIn(spenderName, "member password");
        JsonNode task = spender.post("/api/v1/tasks", fake.task("Spend a little")).ok();
        String session = task.path("session_id").asString();
        String run = task.path("run_id").asString();
        fake.start(run);
        fake.send(session, run, Sdk.result(1.5, 1000, Map.of("input_tokens", 1234, "output_tokens", 56)));
        fake.complete(session, run);

        JsonNode usage = admin.get("/api/v1/admin/usage?days=30").ok();
        JsonNode spent = row(usage, spenderName);
        assertThat(spent.path("display_name").asString()).isEqualTo("Sam Spender");
        assertThat(spent.path("cost_usd").asDouble()).isEqualTo(1.5);
        assertThat(spent.path("input_tokens").asLong()).isEqualTo(1234);
        assertThat(spent.path("output_tokens").asLong()).isEqualTo(56);
        assertThat(spent.path("runs").asLong()).isEqualTo(1);
        assertThat(row(usage, idleName).path("cost_usd").asDouble()).as("accounts without usage are listed too")
                .isZero();
        assertThat(spender.get("/api/v1/admin/usage").error(403, 40300).message()).contains("Only an admin");
    }

    @Test
    void disablingAnAccountCancelsItsRunningAndQueuedTasksAndStopsItsTokens() {
        FakeRunner fake = new FakeRunner(anonymous.withHeader("X-Internal-Token", RUNNER_TOKEN));
        String name = member("leaving-" + shortId(), "Lee Leaving");
        Api user = signIn(name, "member password");
        String id = user.get("/api/v1/auth/me").ok().path("user_id").asString();
        String token = user.post("/api/v1/tokens", Map.of("name", "script", "scope", "write")).ok().path("token")
                .asString();
        Api script = anonymous.withHeader("Authorization", "Bearer " + token);
        JsonNode running = script.post("/api/v1/tasks", fake.task("Long job")).ok();
        fake.start(running.path("run_id").asString());
        Map<String, Object> other = new HashMap<>(fake.task("Queued job"));
        String queued = script.post("/api/v1/tasks", other).ok().path("run_id").asString();

        admin.post("/api/v1/admin/users/" + id + "/disable", Map.of()).ok();

        assertThat(status(running.path("run_id").asString())).isEqualTo("canceled");
        assertThat(status(queued)).isEqualTo("canceled");
        assertThat(script.get("/api/v1/projects").error(401, 40100).message()).contains("disabled");
        user.get("/api/v1/projects").error(401, 40100);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String status(String runId) {
        return jdbc.sql("SELECT status FROM agent_runs WHERE id = CAST(:id AS uuid)").param("id", runId)
                .query(String.class).single();
    }

    private static JsonNode row(JsonNode usage, String username) {
        for (JsonNode u : usage) {
            if (username.equals(u.path("username").asString())) {
                return u;
            }
        }
        throw new AssertionError(username + " not in " + usage);
    }

    private Api signIn(String username, String password) {
        Reply r = anonymous.post("/api/v1/auth/login", Map.of("username", username, "password", password));
        String cookie = r.header("Set-Cookie");
        r.ok();
        return anonymous.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';')));
    }

    /** A new member through an invite, with the password "member password"; returns the user name. */
    private String member(String name, String displayName) {
        String code = admin.post("/api/v1/admin/invites", Map.of("role", "member")).ok().path("code").asString();
        anonymous.post("/api/v1/auth/invites/" + code + "/accept", Map.of("username", name, "password",
                "member password", "display_name", displayName)).ok();
        return name;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
