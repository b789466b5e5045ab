package dev.poco.server.permissions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PermissionRuleApiTest extends ApiTest {

    @Test
    void rulesAreSavedNormalizedListedPerProjectAndDeleted() {
        String project = alice.post("/api/v1/projects", Map.of("name", "Rules")).ok().path("project_id").asString();
        JsonNode everywhere = alice.post("/api/v1/permission-rules",
                Map.of("behavior", "deny", "rule", "  Bash(rm:*) ")).ok();
        assertThat(everywhere.path("rule").asString()).isEqualTo("Bash(rm:*)");
        assertThat(everywhere.path("project_id").isNull()).isTrue();
        assertThat(everywhere.has("user_id")).isFalse();
        alice.post("/api/v1/permission-rules", Map.of("behavior", "ASK", "rule", "Bash(git push:*)",
                "project_id", project)).ok();

        assertThat(alice.get("/api/v1/permission-rules").ok()).extracting(r -> r.path("rule").asString())
                .containsExactly("Bash(rm:*)");
        assertThat(alice.get("/api/v1/permission-rules?project_id=" + project).ok())
                .extracting(r -> r.path("behavior").asString() + " " + r.path("rule").asString())
                .containsExactly("deny Bash(rm:*)", "ask Bash(git push:*)");

        alice.post("/api/v1/permission-rules", Map.of("behavior", "deny", "rule", "Bash(rm:*)")).error(409, 18002);
        alice.delete("/api/v1/permission-rules/" + everywhere.path("id").asLong()).ok();
        alice.delete("/api/v1/permission-rules/" + everywhere.path("id").asLong()).error(404, 18001);
        assertThat(alice.get("/api/v1/permission-rules").ok()).isEmpty();
    }

    @Test
    void aRuleThatCouldNeverMatchIsRefusedWithHowToWriteIt() {
        var unknown = alice.post("/api/v1/permission-rules", Map.of("behavior", "deny", "rule", "bash(rm:*)"))
                .error(422, 40000);
        assertThat(unknown.message()).contains("Unknown tool 'bash'").contains("case-sensitive");
        var middle = alice.post("/api/v1/permission-rules",
                Map.of("behavior", "ask", "rule", "Bash(npm:* test)")).error(422, 40000);
        assertThat(middle.message()).contains("':*' only works at the end");
        alice.post("/api/v1/permission-rules", Map.of("behavior", "maybe", "rule", "Bash")).error(422, 40000);
        alice.post("/api/v1/permission-rules", Map.of("behavior", "ask")).error(422, 40000);
        alice.post("/api/v1/permission-rules", Map.of("behavior", "ask", "rule", 7)).error(422, 40000);
        alice.post("/api/v1/permission-rules", "{oops").error(400, 40000);
        alice.post("/api/v1/permission-rules", Map.of("behavior", "ask", "rule", "Bash(" + "x".repeat(1200) + ")"))
                .error(422, 40000);
        alice.post("/api/v1/permission-rules", Map.of("behavior", "ask", "rule", "Bash", "project_id", "nope"))
                .error(422, 40000);
        alice.delete("/api/v1/permission-rules/not-a-number").error(422, 40000);
        assertThat(alice.get("/api/v1/permission-rules").ok()).isEmpty();
    }

    @Test
    void anotherUsersRulesAndProjectsAreOutOfReach() {
        String project = alice.post("/api/v1/projects", Map.of("name", "Private")).ok().path("project_id").asString();
        long id = alice.post("/api/v1/permission-rules", Map.of("behavior", "allow", "rule", "Bash(make)",
                "project_id", project)).ok().path("id").asLong();
        bob.get("/api/v1/permission-rules?project_id=" + project).error(404, 14001);
        bob.post("/api/v1/permission-rules", Map.of("behavior", "deny", "rule", "Bash", "project_id", project))
                .error(404, 14001);
        bob.delete("/api/v1/permission-rules/" + id).error(404, 18001);
        assertThat(bob.get("/api/v1/permission-rules").ok()).isEmpty();
        assertThat(alice.get("/api/v1/permission-rules?project_id=" + project).ok()).hasSize(1);
    }

    @Test
    void aSessionsRunsGetItsOwnersRulesAndAlwaysAllowJoinsItsProject() {
        String project = alice.post("/api/v1/projects", Map.of("name", "Run rules")).ok().path("project_id")
                .asString();
        alice.post("/api/v1/permission-rules", Map.of("behavior", "deny", "rule", "Read(./.env)")).ok();
        alice.post("/api/v1/permission-rules", Map.of("behavior", "ask", "rule", "Bash(touch:*)",
                "project_id", project)).ok();
        bob.post("/api/v1/permission-rules", Map.of("behavior", "deny", "rule", "Bash")).ok();
        Map<String, Object> body = new HashMap<>();
        body.put("project_id", project);
        String session = alice.post("/api/v1/sessions", body).ok().path("session_id").asString();

        JsonNode rules = runner.get("/api/v1/internal/sessions/" + session + "/permission-rules").ok();
        assertThat(rules.path("deny").toString()).isEqualTo("[\"Read(./.env)\"]");
        assertThat(rules.path("ask").toString()).isEqualTo("[\"Bash(touch:*)\"]");
        assertThat(rules.path("allow").toString()).isEqualTo("[]");

        runner.post("/api/v1/internal/sessions/" + session + "/permission-rules", Map.of("rule", "Bash(touch a.txt)"))
                .ok();
        runner.post("/api/v1/internal/sessions/" + session + "/permission-rules", Map.of("rule", "Bash(touch a.txt)"))
                .ok();
        assertThat(alice.get("/api/v1/permission-rules?project_id=" + project).ok())
                .filteredOn(r -> r.path("behavior").asString().equals("allow"))
                .extracting(r -> r.path("rule").asString() + " " + r.path("project_id").asString())
                .containsExactly("Bash(touch a.txt) " + project);
        runner.post("/api/v1/internal/sessions/" + session + "/permission-rules", Map.of("rule", "Bsh"))
                .error(422, 40000);

        alice.get("/api/v1/internal/sessions/" + session + "/permission-rules").error(403, 40300);
        runner.get("/api/v1/internal/sessions/00000000-0000-0000-0000-000000000000/permission-rules")
                .error(404, 40400);
    }
}
