package dev.poco.server.runners;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Runner registration (issue 17, part 6): registration tokens, a runner's own credential, revocation. */
class RunnerRegistrationApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private Api admin() {
        return anonymous.as(ADMIN_USER);
    }

    private String registrationToken(int uses) {
        return admin().post("/api/v1/admin/runners/registration-tokens", Map.of("max_uses", uses,
                "expires_in_hours", 1)).ok().path("token").asString();
    }

    private Reply register(String token, String name) {
        return anonymous.withHeader("Authorization", "Bearer " + token).post("/api/v1/runners/register",
                Map.of("name", name, "host", "host-" + name));
    }

    private static Map<String, Object> claim(String worker) {
        return Map.of("worker_id", worker, "schedule_modes", List.of("nothing-" + UUID.randomUUID()));
    }

    @Test
    void aRegisteredRunnerClaimsUntilAnAdminRevokesIt() {
        String token = registrationToken(1);
        assertThat(token).startsWith("poco_reg_");
        String name = "runner-" + UUID.randomUUID();
        JsonNode registered = register(token, name).ok();
        String credential = registered.path("credential").asString();
        assertThat(credential).startsWith("poco_runner_");
        String worker = "worker-" + UUID.randomUUID();
        Api runner = anonymous.withHeader("Authorization", "Bearer " + credential)
                .withHeader("X-Poco-Worker-Id", worker);

        assertThat(runner.post("/api/v1/runs/claim", claim(worker)).ok().isNull()).isTrue();
        JsonNode listed = find(admin().get("/api/v1/admin/runners").ok(), name);
        assertThat(listed.path("registered").asBoolean()).isTrue();
        assertThat(listed.path("host").asString()).isEqualTo("host-" + name);
        assertThat(listed.path("worker_id").asString()).isEqualTo(worker);
        assertThat(listed.path("last_heartbeat_at").isNull()).isFalse();
        assertThat(listed.toString()).doesNotContain(credential);
        // its credential is for runner endpoints only
        runner.get("/api/v1/sessions").error(401, 40100);

        admin().delete("/api/v1/admin/runners/" + registered.path("runner_id").asString()).ok();
        Reply refused = runner.post("/api/v1/runs/claim", claim(worker)).error(401, 40100);
        assertThat(refused.message()).contains("revoked").doesNotContain(credential);
        runner.post("/api/v1/runs/" + UUID.randomUUID() + "/heartbeat", Map.of("worker_id", worker))
                .error(401, 40100);
        assertThat(admin().get("/api/v1/admin/runners").ok().toString()).doesNotContain(name);
        admin().delete("/api/v1/admin/runners/" + registered.path("runner_id").asString()).error(404, 40400);
        // the shared token still works
        this.runner.post("/api/v1/runs/claim", claim(worker)).ok();
    }

    @Test
    void aRegistrationTokenIsGoodForItsUsesUntilItExpires() {
        String twice = registrationToken(2);
        register(twice, "a-" + UUID.randomUUID()).ok();
        register(twice, "b-" + UUID.randomUUID()).ok();
        assertThat(register(twice, "c").error(401, 40100).message()).contains("already used").doesNotContain(twice);

        String expiring = registrationToken(1);
        jdbc.sql("UPDATE runner_registration_tokens SET expires_at = now() - interval '1 second'"
                + " WHERE prefix = :p").param("p", expiring.substring(0, "poco_reg_".length() + 6)).update();
        assertThat(register(expiring, "d").error(401, 40100).message()).contains("expired");

        assertThat(register("poco_reg_nope", "e").error(401, 40100).message()).contains("Malformed");
        assertThat(register("poco_reg_" + "B".repeat(40), "f").error(401, 40100).message()).contains("Unknown");
        assertThat(anonymous.post("/api/v1/runners/register", Map.of("name", "g")).error(401, 40100).message())
                .contains("registration token");
        String fresh = registrationToken(1);
        assertThat(register(fresh, " ").error(400, 40000).message()).contains("name");
        // a refused name does not use the token up
        register(fresh, "h-" + UUID.randomUUID()).ok();
    }

    @Test
    void onlyAdminsManageRunners() {
        assertThat(alice.get("/api/v1/admin/runners").error(403, 40300).message()).contains("POCO_ADMIN_USERS");
        alice.post("/api/v1/admin/runners/registration-tokens", Map.of()).error(403, 40300);
        alice.delete("/api/v1/admin/runners/" + UUID.randomUUID()).error(403, 40300);
        anonymous.get("/api/v1/admin/runners").error(401, 40100);
        admin().post("/api/v1/admin/runners/registration-tokens", Map.of("max_uses", 0)).error(400, 40000);
        admin().post("/api/v1/admin/runners/registration-tokens", Map.of("expires_in_hours", 10_000))
                .error(400, 40000);
        admin().delete("/api/v1/admin/runners/" + UUID.randomUUID()).error(404, 40400);
    }

    @Test
    void runnersOnTheSharedTokenAreListedByWorkerId() {
        String worker = "shared-" + UUID.randomUUID();
        runner.post("/api/v1/runs/claim", claim(worker)).ok();
        JsonNode listed = find(admin().get("/api/v1/admin/runners").ok(), worker);
        assertThat(listed.path("registered").asBoolean()).isFalse();
        assertThat(listed.path("id").isNull()).isTrue();
    }

    private static JsonNode find(JsonNode runners, String name) {
        for (JsonNode r : runners) {
            if (r.path("name").asString().equals(name)) {
                return r;
            }
        }
        throw new AssertionError(name + " is not in " + runners);
    }
}
