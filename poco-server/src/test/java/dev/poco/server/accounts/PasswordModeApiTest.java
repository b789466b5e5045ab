package dev.poco.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.TestServerApplication;
import dev.poco.server.envvars.EnvVarService;
import dev.poco.server.envvars.EnvVarsForTests;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import dev.poco.testkit.http.SseClient;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
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
 * {@code POCO_AUTH_MODE=password} over HTTP, on a database of its own (its first user becomes the admin and takes
 * over user {@code default}'s rows, which must not touch the other tests' data).
 */
@SpringBootTest(classes = TestServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PasswordModeApiTest {

    static final String ADMIN = "root-admin";
    static final String ADMIN_PASSWORD = "correct horse battery";
    static final String RUNNER_TOKEN = "password-mode-runner-token";

    /** What setup answered and what user default owned before it; set by the first test to run. */
    private static @Nullable String adminId;
    private static @Nullable String defaultsProject;
    private static @Nullable String defaultsSession;
    private static int setupStatus;
    private static @Nullable String setupCookie;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EnvVarService envVars;

    Api anonymous;
    Api admin;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        String db = TestDatabase.freshDatabase("poco_accounts");
        registry.add("poco.database.url", () -> db);
        registry.add("poco.home", PasswordModeApiTest::home);
        registry.add("poco.auth.mode", () -> "password");
        registry.add("poco.auth.internal-api-token", () -> RUNNER_TOKEN);
        registry.add("poco.model.api-key", () -> "");
        registry.add("poco.model.auth-token", () -> "");
        registry.add("poco.schedules.enabled", () -> "false");
        // every test signs in from 127.0.0.1: the per-address bucket is tested in LoginThrottleTest
        registry.add("poco.accounts.login-max-failures-per-address", () -> "100000");
        registry.add("poco.accounts.login-max-failures", () -> "3");
        // the event streams look at their sign-in again at every heartbeat
        registry.add("poco.stream.heartbeat-seconds", () -> "1");
    }

    private static String home() {
        try {
            return Files.createTempDirectory("poco-accounts-home").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void firstRunOnce() {
        anonymous = new Api("http://127.0.0.1:" + port, Map.of());
        synchronized (PasswordModeApiTest.class) {
            if (adminId == null) {
                assertThat(anonymous.get("/api/v1/auth/status").ok().path("setup_required").asBoolean()).isTrue();
                // what a single_user installation left behind
                defaultsProject = jdbc.sql("INSERT INTO projects (user_id, name) VALUES ('default', 'Old project')"
                        + " RETURNING id").query(UUID.class).single().toString();
                defaultsSession = jdbc.sql("INSERT INTO agent_sessions (user_id, project_id, status, title)"
                        + " VALUES ('default', CAST(:p AS uuid), 'completed', 'Old task') RETURNING id")
                        .param("p", defaultsProject).query(UUID.class).single().toString();
                EnvVarsForTests.create(envVars, "default", "OLD_KEY", "old secret value");
                Reply setup = anonymous.post("/api/v1/auth/setup", Map.of("username", ADMIN, "password",
                        ADMIN_PASSWORD, "display_name", "Root"));
                setupStatus = setup.status();
                setupCookie = setup.header("Set-Cookie");
                adminId = setup.ok().path("user_id").asString();
            }
        }
        admin = signIn(ADMIN, ADMIN_PASSWORD);
    }

    // ---- first run ---------------------------------------------------------------------------

    @Test
    void setupCreatesTheAdminSignedInWithASecureCookie() {
        assertThat(setupStatus).isEqualTo(200);
        assertThat(setupCookie).startsWith("poco_session=").contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/");
        JsonNode me = admin.get("/api/v1/auth/me").ok();
        assertThat(me.path("user_id").asString()).isEqualTo(adminId);
        assertThat(me.path("username").asString()).isEqualTo(ADMIN);
        assertThat(me.path("display_name").asString()).isEqualTo("Root");
        assertThat(me.path("role").asString()).isEqualTo("admin");
        assertThat(me.path("auth_mode").asString()).isEqualTo("password");
        assertThat(anonymous.get("/api/v1/auth/status").ok().path("setup_required").asBoolean()).isFalse();
    }

    @Test
    void setupIsClosedOnceAnAdminExists() {
        Reply again = anonymous.post("/api/v1/auth/setup", Map.of("username", "intruder", "password",
                "another long password"));
        assertThat(again.error(403, 10102).message()).contains("Setup is already done");
        assertThat(admin.get("/api/v1/admin/users").ok()).hasSize(userCount());
    }

    @Test
    void theFirstAdminInheritsEverythingOfUserDefault() {
        JsonNode projects = admin.get("/api/v1/projects").ok();
        assertThat(projects.findValuesAsString("project_id")).contains(defaultsProject);
        assertThat(admin.get("/api/v1/sessions/" + defaultsSession).ok().path("user_id").asString()).isEqualTo(adminId);
        assertThat(jdbc.sql("SELECT user_id FROM user_env_vars WHERE key = 'OLD_KEY'").query(String.class).single())
                .isEqualTo(adminId);
        // not a row of any table is left to user default
        List<String> tables = jdbc.sql("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name IN ('user_id', 'owner_user_id')""")
                .query(String.class).list();
        assertThat(tables).contains("projects.user_id", "agent_sessions.user_id", "skills.owner_user_id");
        for (String t : tables) {
            String[] parts = t.split("\\.");
            assertThat(jdbc.sql("SELECT count(*) FROM " + parts[0] + " WHERE " + parts[1] + " = 'default'")
                    .query(Long.class).single()).as(t).isZero();
        }
    }

    // ---- sign-in -----------------------------------------------------------------------------

    @Test
    void aWrongPasswordIsA401WithAClearMessage() {
        Reply wrong = anonymous.post("/api/v1/auth/login", Map.of("username", ADMIN, "password", "not the password"));
        assertThat(wrong.error(401, 10003).message()).isEqualTo("Wrong user name or password");
        assertThat(wrong.header("Set-Cookie")).isNull();
        anonymous.post("/api/v1/auth/login", Map.of("username", "nobody-" + UUID.randomUUID(), "password",
                "whatever it is")).error(401, 10003);
        anonymous.post("/api/v1/auth/login", Map.of("username", ADMIN)).error(400, 40000);
    }

    @Test
    void theUserNameIsCaseInsensitive() {
        Api upper = signIn(ADMIN.toUpperCase(), ADMIN_PASSWORD);
        assertThat(upper.get("/api/v1/auth/me").ok().path("user_id").asString()).isEqualTo(adminId);
    }

    @Test
    void repeatedWrongPasswordsLockTheUserNameOutWith429AndRetryAfter() {
        String name = member("locked-" + shortId(), "member password 1");
        for (int i = 0; i < 3; i++) {
            anonymous.post("/api/v1/auth/login", Map.of("username", name, "password", "wrong password " + i))
                    .error(401, 10003);
        }
        // even the right password waits out the lockout
        Reply locked = anonymous.post("/api/v1/auth/login", Map.of("username", name, "password", "member password 1"));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.code()).isEqualTo(42900);
        assertThat(locked.message()).contains("Too many failed sign-ins").contains("try again in");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 3600L);
        // another user name is not affected
        signIn(ADMIN, ADMIN_PASSWORD);
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookie() {
        Api user = signIn(ADMIN, ADMIN_PASSWORD);
        Reply out = user.post("/api/v1/auth/logout", Map.of());
        assertThat(out.ok().path("signed_out").asBoolean()).isTrue();
        assertThat(out.header("Set-Cookie")).contains("Max-Age=0");
        Reply after = user.get("/api/v1/sessions");
        assertThat(after.error(401, 40100).message()).contains("signed out");
        // the signed-out answer tells the browser to drop the cookie too
        assertThat(after.header("Set-Cookie")).startsWith("poco_session=;").contains("Max-Age=0");
        assertThat(admin.get("/api/v1/sessions").status()).isEqualTo(200);
    }

    @Test
    void logoutAllEndsEverySessionOfTheUser() {
        String name = member("everywhere-" + shortId(), "member password 2");
        Api laptop = signIn(name, "member password 2");
        Api phone = signIn(name, "member password 2");
        // the invite's acceptance signed in too: three sessions
        assertThat(laptop.post("/api/v1/auth/logout-all", Map.of()).ok().path("sessions_ended").asInt()).isEqualTo(3);
        laptop.get("/api/v1/auth/me").error(401, 40100);
        phone.get("/api/v1/auth/me").error(401, 40100);
        admin.get("/api/v1/auth/me").ok();
    }

    @Test
    void openEventStreamsEndWhenTheirSignInEndsAndTheReconnectIs401() throws Exception {
        String name = member("streamer-" + shortId(), "member password 5");
        Api laptop = signIn(name, "member password 5");
        String session = laptop.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        String token = laptop.post("/api/v1/tokens", Map.of("name", "stream", "scope", "read")).ok().path("token")
                .asString();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
        String base = "http://127.0.0.1:" + port;
        try (SseClient sessionEvents = SseClient.open(base + "/api/v1/sessions/" + session + "/events",
                        laptop.headers());
                SseClient userEvents = SseClient.open(base + "/api/v1/events", laptop.headers());
                SseClient byToken = SseClient.open(base + "/api/v1/events", bearer)) {
            assertThat(sessionEvents.status()).isEqualTo(200);
            assertThat(userEvents.status()).isEqualTo(200);
            assertThat(byToken.status()).isEqualTo(200);
            // a few heartbeats: the streams stay while the sign-in holds
            org.awaitility.Awaitility.await().during(java.time.Duration.ofMillis(2500))
                    .atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> sessionEvents.endedHow().isEmpty() && userEvents.endedHow().isEmpty());

            signIn(name, "member password 5").post("/api/v1/auth/logout-all", Map.of()).ok();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                    sessionEvents.endedHow().isPresent() && userEvents.endedHow().isPresent());
            assertThat(sessionEvents.endedHow()).contains("the server ended the stream");
            try (SseClient again = SseClient.open(base + "/api/v1/sessions/" + session + "/events",
                    laptop.headers())) {
                assertThat(again.status()).isEqualTo(401);
            }
            // a token is not a sign-in cookie: its stream goes on until the token is revoked
            assertThat(byToken.endedHow()).isEmpty();
            Api owner = signIn(name, "member password 5");
            String tokenId = owner.get("/api/v1/tokens").ok().get(0).path("id").asString();
            owner.delete("/api/v1/tokens/" + tokenId).ok();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> byToken.endedHow().isPresent());
        }
    }

    @Test
    void tamperedOrUnknownCookiesAre401() {
        String token = admin.headers().get("Cookie").substring("poco_session=".length());
        String flipped = (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1);
        for (String cookie : List.of(flipped, token + "x", "", "x".repeat(5000), "not-a-token")) {
            Reply r = anonymous.withHeader("Cookie", "poco_session=" + cookie).get("/api/v1/projects");
            assertThat(r.status()).as(cookie).isEqualTo(401);
            assertThat(r.code()).isEqualTo(40100);
        }
    }

    @Test
    void anonymousRequestsAre401OnNonPublicEndpoints() {
        for (String path : List.of("/api/v1/sessions", "/api/v1/projects", "/api/v1/auth/me", "/api/v1/admin/users",
                "/api/v1/models", "/api/v1/env-vars", "/api/v1/schedules", "/api/v1/events")) {
            Reply r = anonymous.get(path);
            assertThat(r.status()).as(path).isEqualTo(401);
            assertThat(r.code()).as(path).isEqualTo(40100);
            assertThat(r.message()).as(path).contains("Sign in");
        }
        anonymous.post("/api/v1/tasks", Map.of("prompt", "hi")).error(401, 40100);
        anonymous.post("/api/v1/auth/password", Map.of()).error(401, 40100);
        anonymous.post("/api/v1/admin/invites", Map.of()).error(401, 40100);
        // a trusted header means nothing here
        anonymous.as(adminId).get("/api/v1/projects").error(401, 40100);
    }

    @Test
    void publicEndpointsAndTheRunnerTokenStillWork() {
        assertThat(anonymous.get("/api/v1/health").ok().path("status").asString()).isEqualTo("healthy");
        assertThat(anonymous.get("/api/v1/auth/status").ok().path("auth_mode").asString()).isEqualTo("password");
        anonymous.post("/api/v1/auth/logout", Map.of()).ok();
        Api runner = anonymous.withHeader("X-Internal-Token", RUNNER_TOKEN);
        runner.post("/api/v1/runs/claim", Map.of(
                "worker_id", "w-" + shortId(), "schedule_modes", List.of("none-" + shortId()))).ok();
        // a runner acts for the run's owner on the internal endpoints (X-User-Id beside the token)...
        // (the secret user default stored was resealed for the admin, so it still decrypts)
        assertThat(runner.as(adminId).get("/api/v1/internal/env-vars/map").ok().toString())
                .contains("old secret value");
        // ...but the token alone is nobody, and the header alone is nothing
        runner.get("/api/v1/projects").error(401, 40100);
        anonymous.as(adminId).get("/api/v1/internal/env-vars/map").error(401, 40100);
    }

    // ---- password ------------------------------------------------------------------------------

    @Test
    void changingThePasswordNeedsTheCurrentOneAndEndsOtherSessions() {
        String name = member("changer-" + shortId(), "first password 1");
        Api here = signIn(name, "first password 1");
        Api elsewhere = signIn(name, "first password 1");
        here.post("/api/v1/auth/password", Map.of("current_password", "wrong current", "new_password",
                "second password 2")).error(401, 10003);
        assertThat(here.post("/api/v1/auth/password", Map.of("current_password", "first password 1",
                "new_password", "short")).error(400, 40000).message()).contains("at least 10 characters");
        here.post("/api/v1/auth/password", Map.of("current_password", "first password 1", "new_password",
                "second password 2")).ok();
        here.get("/api/v1/auth/me").ok();
        elsewhere.get("/api/v1/auth/me").error(401, 40100);
        anonymous.post("/api/v1/auth/login", Map.of("username", name, "password", "first password 1"))
                .error(401, 10003);
        signIn(name, "second password 2");
    }

    @Test
    void passwordRulesAreExplained() {
        String code = invite("member");
        assertThat(anonymous.post("/api/v1/auth/invites/" + code + "/accept", Map.of("username", "shorty-" + shortId(),
                "password", "123456789")).error(400, 40000).message()).contains("at least 10 characters");
        assertThat(anonymous.post("/api/v1/auth/invites/" + code + "/accept", Map.of("username", "longy-" + shortId(),
                "password", "x".repeat(73))).error(400, 40000).message()).contains("at most 72 bytes");
        assertThat(anonymous.post("/api/v1/auth/invites/" + code + "/accept", Map.of("username", "bad name!",
                "password", "long enough password")).error(400, 40000).message()).contains("username");
    }

    // ---- invites and admin ---------------------------------------------------------------------

    @Test
    void anInviteCreatesAMemberOnceAndOnlyOnce() {
        String code = invite("member");
        String name = "invited-" + shortId();
        Reply accepted = anonymous.post("/api/v1/auth/invites/" + code + "/accept", Map.of("username", name,
                "password", "invited password", "display_name", "Invited One"));
        assertThat(accepted.ok().path("role").asString()).isEqualTo("member");
        assertThat(accepted.header("Set-Cookie")).startsWith("poco_session=");
        Reply reused = anonymous.post("/api/v1/auth/invites/" + code + "/accept", Map.of("username", name + "-2",
                "password", "invited password"));
        assertThat(reused.error(404, 40400).message()).contains("unknown, already used or expired");
        anonymous.post("/api/v1/auth/invites/not-a-code/accept", Map.of("username", "x" + shortId(),
                "password", "invited password")).error(404, 40400);
        // a taken name (in any case) is a conflict, and the invite stays usable
        String other = invite("member");
        anonymous.post("/api/v1/auth/invites/" + other + "/accept", Map.of("username", name.toUpperCase(),
                "password", "invited password")).error(409, 10002);
        anonymous.post("/api/v1/auth/invites/" + other + "/accept", Map.of("username", name + "-ok",
                "password", "invited password")).ok();
    }

    @Test
    void membersCannotUseTheAdminEndpoints() {
        String name = member("plain-" + shortId(), "member password 3");
        Api member = signIn(name, "member password 3");
        assertThat(member.get("/api/v1/auth/me").ok().path("role").asString()).isEqualTo("member");
        member.get("/api/v1/admin/users").error(403, 40300);
        member.post("/api/v1/admin/invites", Map.of()).error(403, 40300);
        member.post("/api/v1/admin/users/" + adminId + "/disable", Map.of()).error(403, 40300);
        member.post("/api/v1/admin/users/" + adminId + "/reset-password", Map.of()).error(403, 40300);
    }

    @Test
    void anAdminResetsAPasswordAndTheUsersSessionsEnd() {
        String name = member("forgetful-" + shortId(), "old password 12");
        Api before = signIn(name, "old password 12");
        String id = before.get("/api/v1/auth/me").ok().path("user_id").asString();
        String temporary = admin.post("/api/v1/admin/users/" + id + "/reset-password", Map.of()).ok()
                .path("temporary_password").asString();
        assertThat(temporary).hasSizeGreaterThanOrEqualTo(10);
        before.get("/api/v1/auth/me").error(401, 40100);
        signIn(name, temporary);
        admin.post("/api/v1/admin/users/" + id + "/reset-password", Map.of("new_password", "chosen by admin"))
                .ok();
        signIn(name, "chosen by admin");
        admin.post("/api/v1/admin/users/no-such-user/reset-password", Map.of()).error(404, 10001);
    }

    @Test
    void disablingAUserEndsTheirSessionsCancelsTheirRunsAndRefusesSignIn() {
        String name = member("leaver-" + shortId(), "leaver password");
        Api leaver = signIn(name, "leaver password");
        String id = leaver.get("/api/v1/auth/me").ok().path("user_id").asString();
        JsonNode task = leaver.post("/api/v1/tasks", Map.of("prompt", "long job")).ok();
        String runId = task.path("run_id").asString();
        assertThat(task.path("status").asString()).isEqualTo("queued");

        JsonNode disabled = admin.post("/api/v1/admin/users/" + id + "/disable", Map.of()).ok();
        assertThat(disabled.path("disabled").asBoolean()).isTrue();

        leaver.get("/api/v1/auth/me").error(401, 40100);
        Reply refused = anonymous.post("/api/v1/auth/login", Map.of("username", name, "password", "leaver password"));
        assertThat(refused.error(403, 40300).message()).contains("disabled");
        String status = jdbc.sql("SELECT status FROM agent_runs WHERE id = CAST(:id AS uuid)").param("id", runId)
                .query(String.class).single();
        assertThat(status).isEqualTo("canceled");
        assertThat(admin.get("/api/v1/admin/users").ok().findValues("username").stream()
                .map(JsonNode::asString)).contains(name);
        assertThat(admin.post("/api/v1/admin/users/" + adminId + "/disable", Map.of()).error(400, 40000).message())
                .contains("your own account");

        admin.post("/api/v1/admin/users/" + id + "/enable", Map.of()).ok();
        signIn(name, "leaver password");
    }

    @Test
    void anApiTokenActsAsItsAccountWithItsRoleAndStopsWhenTheAccountIsDisabled() {
        String name = member("scripted-" + shortId(), "script password");
        Api member = signIn(name, "script password");
        String id = member.get("/api/v1/auth/me").ok().path("user_id").asString();
        String token = member.post("/api/v1/tokens", Map.of("name", "ci", "scope", "write")).ok().path("token")
                .asString();
        Api script = anonymous.withHeader("Authorization", "Bearer " + token);
        String project = script.post("/api/v1/projects", Map.of("name", "From a script")).ok().path("project_id")
                .asString();
        assertThat(member.get("/api/v1/projects").ok().findValuesAsString("project_id")).contains(project);
        script.get("/api/v1/admin/users").error(403, 40300);

        String adminToken = admin.post("/api/v1/tokens", Map.of("name", "admin script", "scope", "read")).ok()
                .path("token").asString();
        assertThat(anonymous.withHeader("Authorization", "Bearer " + adminToken).get("/api/v1/admin/users").ok()
                .findValuesAsString("user_id")).as("the admin's role comes with the token").contains(id);

        admin.post("/api/v1/admin/users/" + id + "/disable", Map.of()).ok();
        assertThat(script.get("/api/v1/projects").error(401, 40100).message()).contains("disabled");
        admin.post("/api/v1/admin/users/" + id + "/enable", Map.of()).ok();
        script.get("/api/v1/projects").ok();
    }

    @Test
    void theDisplayNameCanBeChanged() {
        String name = member("renamed-" + shortId(), "renamed password");
        Api user = signIn(name, "renamed password");
        assertThat(user.patch("/api/v1/auth/me", Map.of("display_name", "  New Name ")).ok().path("display_name")
                .asString()).isEqualTo("New Name");
        user.patch("/api/v1/auth/me", Map.of("display_name", "x".repeat(101))).error(400, 40000);
    }

    @Test
    void eachUserSeesOnlyTheirOwnData() {
        Api one = signIn(member("one-" + shortId(), "password of one"), "password of one");
        Api two = signIn(member("two-" + shortId(), "password of two"), "password of two");
        String project = one.post("/api/v1/projects", Map.of("name", "One's")).ok().path("project_id").asString();
        assertThat(two.get("/api/v1/projects").ok().findValuesAsString("project_id")).doesNotContain(project);
        two.get("/api/v1/projects/" + project).error(404, 14001);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Api signIn(String username, String password) {
        Reply r = anonymous.post("/api/v1/auth/login", Map.of("username", username, "password", password));
        r.ok();
        String cookie = r.header("Set-Cookie");
        assertThat(cookie).startsWith("poco_session=").contains("HttpOnly").contains("SameSite=Lax");
        return anonymous.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';')));
    }

    private String invite(String role) {
        JsonNode invite = admin.post("/api/v1/admin/invites", Map.of("role", role)).ok();
        assertThat(invite.path("path").asString()).isEqualTo("/invite/" + invite.path("code").asString());
        return invite.path("code").asString();
    }

    /** A new member through an invite; returns the user name. */
    private String member(String name, String password) {
        anonymous.post("/api/v1/auth/invites/" + invite("member") + "/accept", Map.of("username", name,
                "password", password)).ok();
        return name;
    }

    private int userCount() {
        return jdbc.sql("SELECT count(*) FROM users").query(Integer.class).single();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }


}
