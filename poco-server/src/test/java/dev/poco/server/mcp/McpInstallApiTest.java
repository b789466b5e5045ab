package dev.poco.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code /mcp-installs} and {@code POST /internal/mcp-config/resolve} (reference user_mcp_installs.py, §3.16). */
class McpInstallApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private static int install(Api user, int serverId, boolean enabled) {
        return user.post("/api/v1/mcp-installs", Map.of("server_id", serverId, "enabled", enabled)).ok()
                .path("id").asInt();
    }

    @Test
    void installsAreListedToggledOneByOneAndInBulkAndRemoved() {
        int first = McpServerApiTest.create(alice, "one", Map.of("command", "x"));
        int second = McpServerApiTest.create(alice, "two", Map.of("command", "y"));
        JsonNode installed = alice.post("/api/v1/mcp-installs", Map.of("server_id", first)).ok();
        assertThat(installed.path("enabled").asBoolean()).as("enabled by default").isTrue();
        assertThat(installed.path("server_id").asInt()).isEqualTo(first);
        assertThat(installed.path("user_id").asString()).isEqualTo(alice.headers().get("X-User-Id"));
        int a = installed.path("id").asInt();
        int b = install(alice, second, false);

        JsonNode list = alice.get("/api/v1/mcp-installs").ok();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("id").asInt()).as("newest first").isEqualTo(b);

        alice.post("/api/v1/mcp-installs", Map.of("server_id", first)).error(409, 40000);

        assertThat(alice.patch("/api/v1/mcp-installs/" + a, Map.of("enabled", false)).ok().path("enabled").asBoolean())
                .isFalse();
        assertThat(alice.patch("/api/v1/mcp-installs/" + a, Map.of()).ok().path("enabled").asBoolean()).isFalse();

        Map<String, Object> all = new HashMap<>();
        all.put("enabled", true);
        all.put("install_ids", null);
        assertThat(alice.patch("/api/v1/mcp-installs/bulk", all).ok().path("updated_count").asInt()).isEqualTo(2);
        assertThat(alice.patch("/api/v1/mcp-installs/bulk", Map.of("enabled", false, "install_ids", List.of(b))).ok()
                .path("updated_count").asInt()).isEqualTo(1);
        assertThat(alice.patch("/api/v1/mcp-installs/bulk", Map.of("enabled", false, "install_ids", List.of())).ok()
                .path("updated_count").asInt()).isZero();
        JsonNode after = alice.get("/api/v1/mcp-installs").ok();
        assertThat(after.get(0).path("enabled").asBoolean()).isFalse();
        assertThat(after.get(1).path("enabled").asBoolean()).isTrue();

        assertThat(alice.delete("/api/v1/mcp-installs/" + a).ok().path("id").asInt()).isEqualTo(a);
        assertThat(alice.get("/api/v1/mcp-installs").ok()).hasSize(1);
        alice.delete("/api/v1/mcp-servers/" + second).ok();
        assertThat(alice.get("/api/v1/mcp-installs").ok()).as("deleting a server removes its installs").isEmpty();
    }

    @Test
    void aSystemServerCanBeInstalledButNotAnotherUsersServer() {
        int system = McpServerApiTest.systemServer(jdbc, "sys-" + UUID.randomUUID());
        install(alice, system, true);
        int bobs = McpServerApiTest.create(bob, "bobs", Map.of("command", "x"));
        alice.post("/api/v1/mcp-installs", Map.of("server_id", bobs)).error(404, 12001);
        alice.post("/api/v1/mcp-installs", Map.of("server_id", 2147483000)).error(404, 12001);
    }

    @Test
    void anotherUsersInstallIsRefused() {
        int server = McpServerApiTest.create(alice, "mine", Map.of("command", "x"));
        int id = install(alice, server, true);
        bob.patch("/api/v1/mcp-installs/" + id, Map.of("enabled", false)).error(404, 40400);
        bob.delete("/api/v1/mcp-installs/" + id).error(404, 40400);
        assertThat(bob.patch("/api/v1/mcp-installs/bulk", Map.of("enabled", false, "install_ids", List.of(id))).ok()
                .path("updated_count").asInt()).isZero();
        assertThat(bob.get("/api/v1/mcp-installs").ok()).isEmpty();
        assertThat(alice.get("/api/v1/mcp-installs").ok().get(0).path("enabled").asBoolean()).isTrue();
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.post("/api/v1/mcp-installs", Map.of()).error(422, 40000);
        alice.post("/api/v1/mcp-installs", Map.of("server_id", "one")).error(422, 40000);
        alice.post("/api/v1/mcp-installs", Map.of("server_id", 1, "enabled", "yes")).error(422, 40000);
        alice.patch("/api/v1/mcp-installs/bulk", Map.of("install_ids", List.of(1))).error(422, 40000);
        alice.patch("/api/v1/mcp-installs/bulk", Map.of("enabled", true, "install_ids", "all")).error(422, 40000);
        alice.patch("/api/v1/mcp-installs/abc", Map.of("enabled", true)).error(422, 40000);
        alice.delete("/api/v1/mcp-installs/2147483000").error(404, 40400);
        alice.post("/api/v1/mcp-installs", "{not json").error(400, 40000);
    }

    @Test
    void theRunnerResolvesOnlyInstalledServersEnabledOrNot() {
        String aliceId = alice.headers().get("X-User-Id");
        int on = McpServerApiTest.create(alice, "on", Map.of("command", "node", "args", List.of("on.js")));
        int off = McpServerApiTest.create(alice, "off", Map.of("mcpServers",
                Map.of("off-key", Map.of("url", "https://x.example.com", "headers", Map.of("A", "${TOKEN}")))));
        int notInstalled = McpServerApiTest.create(alice, "idle", Map.of("command", "idle"));
        int bobs = McpServerApiTest.create(bob, "bobs", Map.of("command", "x"));
        install(alice, on, true);
        install(alice, off, false);

        Api asRunner = runner.as(aliceId);
        JsonNode resolved = asRunner.post("/api/v1/internal/mcp-config/resolve",
                Map.of("server_ids", List.of(off, on, on, notInstalled, bobs))).ok();
        assertThat(resolved.propertyNames()).containsExactly("off-key", "on");
        assertThat(resolved.path("on").path("args").get(0).asString()).isEqualTo("on.js");
        assertThat(resolved.path("off-key").path("headers").path("A").asString()).isEqualTo("${TOKEN}");

        assertThat(asRunner.post("/api/v1/internal/mcp-config/resolve", Map.of()).ok().isEmpty()).isTrue();
        asRunner.post("/api/v1/internal/mcp-config/resolve", Map.of("server_ids", "x")).error(422, 40000);
        alice.post("/api/v1/internal/mcp-config/resolve", Map.of("server_ids", List.of(on))).error(403, 40300);
        anonymous.as(aliceId).withHeader("X-Internal-Token", "wrong")
                .post("/api/v1/internal/mcp-config/resolve", Map.of("server_ids", List.of(on))).error(403, 40300);
    }
}
