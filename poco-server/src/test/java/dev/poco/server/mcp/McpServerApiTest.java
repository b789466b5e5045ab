package dev.poco.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code /mcp-servers} (reference mcp_servers.py, §3.16). */
class McpServerApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    /** A system server as an administrator would seed it: no user endpoint creates one. */
    static int systemServer(JdbcClient jdbc, String name) {
        return jdbc.sql("""
                INSERT INTO mcp_servers (name, scope, owner_user_id, server_config)
                VALUES (:name, 'system', 'admin', CAST(:config AS jsonb)) RETURNING id""")
                .param("name", name)
                .param("config", "{\"mcpServers\": {\"" + name + "\": {\"type\": \"http\", \"url\": \"https://mcp.example.com\"}}}")
                .query(Integer.class).single();
    }

    static int create(Api user, String name, Object config) {
        return user.post("/api/v1/mcp-servers", Map.of("name", name, "server_config", config)).ok().path("id").asInt();
    }

    private static List<Integer> ids(JsonNode list) {
        List<Integer> ids = new ArrayList<>();
        list.forEach(s -> ids.add(s.path("id").asInt()));
        return ids;
    }

    @Test
    void createsListsUpdatesAndDeletesAServer() {
        JsonNode created = alice.post("/api/v1/mcp-servers", Map.of("name", " github ", "server_config",
                Map.of("command", "npx", "args", List.of("-y", "@modelcontextprotocol/server-github"),
                        "env", Map.of("GITHUB_TOKEN", "${GITHUB_TOKEN}")))).ok();
        int id = created.path("id").asInt();
        assertThat(created.path("name").asString()).isEqualTo("github");
        assertThat(created.path("scope").asString()).isEqualTo("user");
        assertThat(created.path("owner_user_id").asString()).isEqualTo(alice.headers().get("X-User-Id"));
        JsonNode def = created.path("server_config").path("mcpServers").path("github");
        assertThat(def.path("type").asString()).isEqualTo("stdio");
        assertThat(def.path("command").asString()).isEqualTo("npx");
        assertThat(def.path("env").path("GITHUB_TOKEN").asString()).as("placeholders are kept").isEqualTo("${GITHUB_TOKEN}");
        assertThat(created.has("created_at")).isTrue();

        assertThat(ids(alice.get("/api/v1/mcp-servers").ok())).contains(id);
        assertThat(alice.get("/api/v1/mcp-servers/" + id).ok().path("name").asString()).isEqualTo("github");

        JsonNode renamed = alice.patch("/api/v1/mcp-servers/" + id, Map.of("name", "gh",
                "server_config", Map.of("url", "https://api.example.com/mcp", "headers", Map.of(" X-Key ", "k")))).ok();
        assertThat(renamed.path("name").asString()).isEqualTo("gh");
        JsonNode http = renamed.path("server_config").path("mcpServers").path("github");
        assertThat(http.path("type").asString()).as("a bare definition keeps the server's key").isEqualTo("http");
        assertThat(http.path("headers").path("X-Key").asString()).isEqualTo("k");

        assertThat(alice.delete("/api/v1/mcp-servers/" + id).ok().path("id").asInt()).isEqualTo(id);
        alice.get("/api/v1/mcp-servers/" + id).error(404, 12001);
    }

    @Test
    void aWrapperKeepsItsOtherKeysAndTheTypeIsNormalised() {
        JsonNode created = alice.post("/api/v1/mcp-servers", Map.of("name", "files", "server_config",
                Map.of("mcpServers", Map.of(" fs ", Map.of("type", "STDIO", "command", "  node ", "x-note", "kept")),
                        "comment", "also kept"))).ok();
        JsonNode config = created.path("server_config");
        assertThat(config.path("comment").asString()).isEqualTo("also kept");
        JsonNode fs = config.path("mcpServers").path("fs");
        assertThat(fs.path("type").asString()).isEqualTo("stdio");
        assertThat(fs.path("command").asString()).isEqualTo("node");
        assertThat(fs.path("x-note").asString()).isEqualTo("kept");
    }

    @Test
    void anInvalidConfigIsRefusedNamingWhatIsWrong() {
        assertInvalid("not an object", "must be a JSON object");
        assertInvalid(List.of(1), "must be a JSON object");
        assertInvalid(Map.of("args", List.of("x")), "needs a \"command\" (stdio) or a \"url\" (http)");
        assertInvalid(Map.of("type", "sse", "url", "https://x.example.com"), "SSE transport is deprecated");
        assertInvalid(Map.of("type", "websocket", "url", "wss://x"), "type 'websocket' is not supported");
        assertInvalid(Map.of("type", 7), "type must be a string");
        assertInvalid(Map.of("command", 5), "command must be a non-empty string");
        assertInvalid(Map.of("command", " "), "command must be a non-empty string");
        assertInvalid(Map.of("type", "http", "url", "ftp://x"), "url must be a string starting with http://");
        assertInvalid(Map.of("command", "node", "args", List.of(1)), "args must be a list of strings");
        assertInvalid(Map.of("command", "node", "env", Map.of("A", 1)), "env value of 'A' must be a string");
        assertInvalid(Map.of("url", "https://x", "headers", List.of("a")), "headers must be an object of strings");
        assertInvalid(Map.of("mcpServers", Map.of("a", Map.of("command", "x"), "b", Map.of("command", "y"))),
                "exactly one server, found 2");
        assertInvalid(Map.of("mcpServers", Map.of("__poco_memory", Map.of("command", "x"))), "is reserved");
        assertInvalid(Map.of("mcpServers", Map.of("a", "node")), "must be a JSON object");

        JsonNode data = alice.post("/api/v1/mcp-servers", Map.of("name", "bad", "server_config",
                Map.of("mcpServers", Map.of("s", Map.of("type", "http", "url", 1, "headers", Map.of("h", 2))))))
                .error(400, 12003).data();
        assertThat(data.path("errors")).hasSize(2);
        assertThat(data.path("errors").get(0).path("path").asString()).isEqualTo("mcpServers.s.url");
        assertThat(data.path("errors").get(1).path("path").asString()).isEqualTo("mcpServers.s.headers.h");

        int id = create(alice, "good", Map.of("command", "node"));
        alice.patch("/api/v1/mcp-servers/" + id, Map.of("server_config", Map.of("type", "sse", "url", "https://x")))
                .error(400, 12003);
        assertThat(alice.get("/api/v1/mcp-servers/" + id).ok().path("server_config").path("mcpServers").path("good")
                .path("command").asString()).isEqualTo("node");
    }

    private void assertInvalid(Object config, String message) {
        var reply = alice.post("/api/v1/mcp-servers", Map.of("name", "bad", "server_config", config)).error(400, 12003);
        assertThat(reply.message()).contains(message);
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.post("/api/v1/mcp-servers", "{not json").error(400, 40000);
        alice.post("/api/v1/mcp-servers", Map.of("name", "x")).error(422, 40000);
        alice.post("/api/v1/mcp-servers", Map.of("server_config", Map.of("command", "x"))).error(422, 40000);
        alice.post("/api/v1/mcp-servers", Map.of("name", 5, "server_config", Map.of("command", "x"))).error(422, 40000);
        alice.post("/api/v1/mcp-servers", Map.of("name", "  ", "server_config", Map.of("command", "x"))).error(400, 40000);
        alice.post("/api/v1/mcp-servers", Map.of("name", "x".repeat(256), "server_config", Map.of("command", "x")))
                .error(422, 40000);
        alice.post("/api/v1/mcp-servers", Map.of("name", "x", "scope", "team", "server_config", Map.of("command", "x")))
                .error(400, 40000);
        alice.get("/api/v1/mcp-servers/abc").error(422, 40000);
        alice.get("/api/v1/mcp-servers/99999999999").error(422, 40000);
        alice.get("/api/v1/mcp-servers/2147483000").error(404, 12001);
        alice.patch("/api/v1/mcp-servers/2147483000", Map.of("name", "x")).error(404, 12001);
        alice.delete("/api/v1/mcp-servers/2147483000").error(404, 12001);
        anonymous.get("/api/v1/mcp-servers").error(401, 40100);

        create(alice, "twice", Map.of("command", "x"));
        alice.post("/api/v1/mcp-servers", Map.of("name", "twice", "server_config", Map.of("command", "y")))
                .error(409, 12002);
        int other = create(alice, "other", Map.of("command", "x"));
        alice.patch("/api/v1/mcp-servers/" + other, Map.of("name", "twice")).error(409, 12002);
    }

    @Test
    void anotherUsersServerIsRefused() {
        int id = create(alice, "mine", Map.of("command", "node"));
        bob.get("/api/v1/mcp-servers/" + id).error(404, 12001);
        bob.patch("/api/v1/mcp-servers/" + id, Map.of("name", "stolen")).error(403, 40300);
        bob.delete("/api/v1/mcp-servers/" + id).error(403, 40300);
        bob.post("/api/v1/mcp-installs", Map.of("server_id", id)).error(404, 12001);
        assertThat(ids(bob.get("/api/v1/mcp-servers").ok())).doesNotContain(id);
        assertThat(alice.get("/api/v1/mcp-servers/" + id).ok().path("name").asString()).isEqualTo("mine");
        // the same name is per owner
        create(bob, "mine", Map.of("command", "node"));
    }

    @Test
    void systemServersAreSharedReadOnlyAndShadowedByAUserServerOfTheSameName() {
        String name = "sys-" + UUID.randomUUID();
        int system = systemServer(jdbc, name);
        assertThat(ids(alice.get("/api/v1/mcp-servers").ok())).contains(system);
        JsonNode seen = alice.get("/api/v1/mcp-servers/" + system).ok();
        assertThat(seen.path("scope").asString()).isEqualTo("system");

        alice.patch("/api/v1/mcp-servers/" + system, Map.of("name", "mine")).error(403, 40300);
        alice.delete("/api/v1/mcp-servers/" + system).error(403, 40300);
        assertThat(alice.get("/api/v1/mcp-servers/" + system).ok().path("name").asString()).isEqualTo(name);
        alice.post("/api/v1/mcp-servers", Map.of("name", "x", "scope", "system", "server_config",
                Map.of("command", "x"))).error(403, 40300);
        int own = create(alice, "elevate", Map.of("command", "x"));
        alice.patch("/api/v1/mcp-servers/" + own, Map.of("scope", "system")).error(403, 40300);

        int shadow = create(alice, name, Map.of("command", "my-own"));
        List<Integer> aliceSees = ids(alice.get("/api/v1/mcp-servers").ok());
        assertThat(aliceSees).contains(shadow).doesNotContain(system);
        assertThat(ids(bob.get("/api/v1/mcp-servers").ok())).contains(system).doesNotContain(shadow);
        assertThat(aliceSees.indexOf(shadow)).as("newest first").isLessThan(aliceSees.indexOf(own));
    }
}
