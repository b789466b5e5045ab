package dev.poco.server.runsetup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /internal/run-setup}: each part is what the endpoint it stands for answers. */
class RunSetupApiTest extends ApiTest {

    @Test
    void eachPartIsTheAnswerOfTheEndpointItStandsFor() {
        String aliceId = alice.headers().get("X-User-Id");
        alice.post("/api/v1/env-vars", Map.of("key", "SETUP_TOKEN", "value", "s3cret")).ok();
        int server = alice.post("/api/v1/mcp-servers", Map.of("name", "setup-echo", "server_config",
                Map.of("command", "node", "env", Map.of("TOKEN", "${SETUP_TOKEN}")))).ok().path("id").asInt();
        alice.post("/api/v1/mcp-installs", Map.of("server_id", server, "enabled", true)).ok();
        int agent = alice.post("/api/v1/subagents", Map.of("name", "setup-reviewer", "description", "Reviews",
                "prompt", "You review.", "enabled", true)).ok().path("id").asInt();
        alice.post("/api/v1/slash-commands", Map.of("name", "setup-deploy", "raw_markdown", "Deploy it.\n")).ok();
        alice.put("/api/v1/claude-md", Map.of("content", "# Setup rules\n")).ok();
        alice.post("/api/v1/permission-rules", Map.of("behavior", "deny", "rule", "Bash(rm:*)")).ok();
        bob.post("/api/v1/permission-rules", Map.of("behavior", "deny", "rule", "Read")).ok();
        String session = alice.post("/api/v1/sessions", new HashMap<>()).ok().path("session_id").asString();
        Api asRunner = runner.as(aliceId);

        JsonNode setup = asRunner.post("/api/v1/internal/run-setup", Map.of("session_id", session,
                "mcp_server_ids", List.of(server), "subagent_ids", List.of(agent))).ok();

        assertThat(setup.path("env_vars")).isEqualTo(asRunner.get("/api/v1/internal/env-vars/map").ok());
        assertThat(setup.path("env_vars").path("SETUP_TOKEN").asString()).isEqualTo("s3cret");
        assertThat(setup.path("mcp_config")).isEqualTo(asRunner.post("/api/v1/internal/mcp-config/resolve",
                Map.of("server_ids", List.of(server))).ok());
        assertThat(setup.path("mcp_config").path("setup-echo").isObject()).isTrue();
        assertThat(setup.path("skill_config").isEmpty()).isTrue();
        assertThat(setup.path("plugin_config").isEmpty()).isTrue();
        assertThat(setup.path("subagents")).isEqualTo(asRunner.post("/api/v1/internal/subagents/resolve",
                Map.of("subagent_ids", List.of(agent))).ok());
        assertThat(setup.path("subagents").path("structured_agents").has("setup-reviewer")).isTrue();
        assertThat(setup.path("slash_commands")).isEqualTo(asRunner.post("/api/v1/internal/slash-commands/resolve",
                Map.of()).ok());
        assertThat(setup.path("slash_commands").has("setup-deploy")).isTrue();
        assertThat(setup.path("claude_md")).isEqualTo(asRunner.get("/api/v1/internal/claude-md").ok());
        assertThat(setup.path("permission_rules")).isEqualTo(asRunner.get("/api/v1/internal/sessions/" + session
                + "/permission-rules").ok());
        assertThat(setup.path("permission_rules").path("deny").values()).extracting(JsonNode::asString)
                .containsExactly("Bash(rm:*)");
    }

    @Test
    void skillsLeaveTheCommandsToTheRunnerAndBadInputIsRefused() {
        String aliceId = alice.headers().get("X-User-Id");
        String session = alice.post("/api/v1/sessions", new HashMap<>()).ok().path("session_id").asString();
        Api asRunner = runner.as(aliceId);

        JsonNode setup = asRunner.post("/api/v1/internal/run-setup", Map.of("session_id", session,
                "skill_ids", List.of(2_000_000_000))).ok();
        assertThat(setup.path("slash_commands").isNull()).isTrue();
        assertThat(setup.path("skill_config").isEmpty()).isTrue(); // not installed: left out, as the resolve does

        asRunner.post("/api/v1/internal/run-setup", Map.of()).error(422, 40000);
        asRunner.post("/api/v1/internal/run-setup", Map.of("session_id", session, "skill_ids", "x"))
                .error(422, 40000);
        asRunner.post("/api/v1/internal/run-setup", Map.of("session_id", "00000000-0000-0000-0000-000000000000"))
                .error(404, 40400);
        alice.post("/api/v1/internal/run-setup", Map.of("session_id", session)).error(403, 40300);
    }
}
