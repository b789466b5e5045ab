package dev.poco.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The per-task toggles of {@code POST /tasks} (reference §3.2): {@code mcp_config}, {@code skill_config},
 * {@code plugin_config} and {@code subagent_ids} become the snapshot's {@code mcp_server_ids}, {@code skill_ids},
 * {@code plugin_ids} and {@code subagent_ids}, defaulting to the user's enabled installs and subagents, and reach
 * the run a runner claims.
 */
class TaskCapabilityToggleApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private FakeRunner fake;
    private int mcpOn;
    private int mcpOff;
    private int skillOn;
    private int skillOff;
    private int plugin;
    private int agentOn;
    private int agentOff;

    @BeforeEach
    void capabilities() {
        fake = new FakeRunner(runner);
        String aliceId = Objects.requireNonNull(alice.headers().get("X-User-Id"));
        mcpOn = mcpServer("on");
        mcpOff = mcpServer("off");
        alice.post("/api/v1/mcp-installs", Map.of("server_id", mcpOn)).ok();
        alice.post("/api/v1/mcp-installs", Map.of("server_id", mcpOff, "enabled", false)).ok();
        skillOn = installed(aliceId, "skills", "user_skill_installs", "skill_id", "s-on", true);
        skillOff = installed(aliceId, "skills", "user_skill_installs", "skill_id", "s-off", false);
        plugin = installed(aliceId, "plugins", "user_plugin_installs", "plugin_id", "p", true);
        agentOn = subagent("a-on", true);
        agentOff = subagent("a-off", false);
    }

    private int mcpServer(String name) {
        return alice.post("/api/v1/mcp-servers", Map.of("name", name, "server_config", Map.of("command", "node")))
                .ok().path("id").asInt();
    }

    private int subagent(String name, boolean enabled) {
        return alice.post("/api/v1/subagents", Map.of("name", name, "description", "d", "prompt", "p",
                "enabled", enabled)).ok().path("id").asInt();
    }

    /** Skills and plugins go straight into poco's tables: their feature is written in parallel. */
    private int installed(String userId, String table, String installs, String column, String name, boolean enabled) {
        int id = jdbc.sql("INSERT INTO " + table + " (name, scope, owner_user_id, entry) VALUES (:name, 'user', :user,"
                        + " '{}'::jsonb) RETURNING id")
                .param("name", name).param("user", userId).query(Integer.class).single();
        jdbc.sql("INSERT INTO " + installs + " (user_id, " + column + ", enabled) VALUES (:user, :id, :enabled)")
                .param("user", userId).param("id", id).param("enabled", enabled).update();
        return id;
    }

    private static List<Integer> ids(JsonNode config, String key) {
        List<Integer> ids = new ArrayList<>();
        config.path(key).forEach(n -> ids.add(n.asInt()));
        return ids;
    }

    private JsonNode sessionConfig(JsonNode task) {
        return alice.get("/api/v1/sessions/" + task.path("session_id").asString()).ok().path("config_snapshot");
    }

    @Test
    void withoutTogglesARunGetsTheEnabledInstallsAndSubagents() {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("go")).ok();
        JsonNode config = sessionConfig(task);
        assertThat(ids(config, "mcp_server_ids")).containsExactly(mcpOn);
        assertThat(ids(config, "skill_ids")).containsExactly(skillOn);
        assertThat(ids(config, "plugin_ids")).containsExactly(plugin);
        assertThat(ids(config, "subagent_ids")).containsExactly(agentOn);
    }

    @Test
    void togglesChooseTheCapabilitiesOfTheRunAndTheRunnerSeesThem() {
        Map<String, Object> body = fake.task("go");
        body.put("config", Map.of(
                "mcp_config", Map.of(String.valueOf(mcpOff), true, String.valueOf(mcpOn), false),
                "skill_config", Map.of(String.valueOf(skillOff), true),
                "plugin_config", Map.of(String.valueOf(plugin), false),
                "subagent_ids", List.of(agentOff)));
        JsonNode task = alice.post("/api/v1/tasks", body).ok();

        JsonNode config = sessionConfig(task);
        assertThat(ids(config, "mcp_server_ids")).containsExactly(mcpOff);
        assertThat(ids(config, "skill_ids")).as("an id absent from the map keeps its install's flag")
                .containsExactlyInAnyOrder(skillOn, skillOff);
        assertThat(ids(config, "plugin_ids")).isEmpty();
        assertThat(ids(config, "subagent_ids")).containsExactly(agentOff);
        assertThat(config.has("mcp_config")).as("the toggle maps themselves are not kept").isFalse();
        assertThat(config.has("skill_config")).isFalse();

        JsonNode run = alice.get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("config_snapshot");
        assertThat(ids(run, "mcp_server_ids")).containsExactly(mcpOff);
        assertThat(ids(run, "subagent_ids")).containsExactly(agentOff);

        JsonNode claimed = Objects.requireNonNull(fake.claim());
        JsonNode capabilities = claimed.path("spec").path("capabilities");
        assertThat(ids(capabilities, "mcp_server_ids")).containsExactly(mcpOff);
        assertThat(ids(capabilities, "skill_ids")).containsExactlyInAnyOrder(skillOn, skillOff);
        assertThat(ids(capabilities, "plugin_ids")).isEmpty();
        assertThat(ids(capabilities, "subagent_ids")).containsExactly(agentOff);
    }

    @Test
    void aFollowUpKeepsTheSessionsChoiceUnlessItTogglesAgain() {
        Map<String, Object> first = fake.task("go");
        first.put("config", Map.of("mcp_config", Map.of(String.valueOf(mcpOn), false), "subagent_ids", List.of()));
        String sessionId = alice.post("/api/v1/tasks", first).ok().path("session_id").asString();

        JsonNode followUp = alice.post("/api/v1/tasks", fake.followUp(sessionId, "again")).ok();
        JsonNode config = sessionConfig(followUp);
        assertThat(ids(config, "mcp_server_ids")).isEmpty();
        assertThat(ids(config, "subagent_ids")).isEmpty();

        Map<String, Object> toggled = fake.followUp(sessionId, "with mcp");
        toggled.put("config", Map.of("mcp_config", Map.of(String.valueOf(mcpOff), true)));
        JsonNode again = sessionConfig(alice.post("/api/v1/tasks", toggled).ok());
        assertThat(ids(again, "mcp_server_ids")).containsExactly(mcpOff, mcpOn);
    }
}
