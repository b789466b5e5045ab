package dev.poco.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tool executions: one by id, a session's list, and the (updated_at, id) delta cursor. */
class ToolExecutionApiTest extends ApiTest {

    private FakeRunner fake;
    private String sessionId;
    private String runId;

    @BeforeEach
    void aRunningRun() {
        fake = new FakeRunner(runner);
        JsonNode task = alice.post("/api/v1/tasks", fake.task("look around")).ok();
        sessionId = task.path("session_id").asString();
        runId = task.path("run_id").asString();
        fake.start(runId);
    }

    private JsonNode list() {
        return alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void aToolCallAndItsResultBecomeOneExecution() {
        fake.send(sessionId, runId, Sdk.toolUse("toolu_1", "Bash", Map.of("command", "ls -la")));
        JsonNode open = list();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).path("tool_output").isNull()).isTrue();
        assertThat(open.get(0).path("duration_ms").isNull()).isTrue();

        fake.send(sessionId, runId, Sdk.toolResult("toolu_1", "a.txt", false));
        JsonNode executions = list();
        assertThat(executions).hasSize(1);
        JsonNode e = executions.get(0);
        String id = e.path("id").asString();

        JsonNode one = alice.get("/api/v1/tool-executions/" + id).ok();
        assertThat(one).isEqualTo(e);
        assertThat(one.path("tool_use_id").asString()).isEqualTo("toolu_1");
        assertThat(one.path("tool_name").asString()).isEqualTo("Bash");
        assertThat(one.path("tool_input").path("command").asString()).isEqualTo("ls -la");
        assertThat(one.path("tool_output").path("content").asString()).isEqualTo("a.txt");
        assertThat(one.path("is_error").asBoolean()).isFalse();
        assertThat(one.path("duration_ms").asInt(-1)).isGreaterThanOrEqualTo(0);
        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        assertThat(one.path("message_id").asLong()).as("the message with the ToolUseBlock")
                .isEqualTo(messages.get(1).path("id").asLong());
        assertThat(one.path("created_at").asString()).isNotBlank();
        assertThat(one.path("updated_at").asString()).isNotBlank();
        assertThat(one.size()).isEqualTo(10);
    }

    @Test
    void aFailedToolIsMarkedAsAnError() {
        fake.send(sessionId, runId, Sdk.toolUse("toolu_x", "Read", Map.of("file_path", "/nope")));
        fake.send(sessionId, runId, Sdk.toolResult("toolu_x", "No such file", true));
        JsonNode e = list().get(0);
        assertThat(e.path("is_error").asBoolean()).isTrue();
        assertThat(e.path("tool_output").path("content").asString()).isEqualTo("No such file");
    }

    @Test
    void theListIsInCreationOrderWithLimitAndOffset() {
        for (int i = 1; i <= 3; i++) {
            fake.send(sessionId, runId, Sdk.toolUse("toolu_" + i, "Tool" + i, Map.of()));
        }
        assertThat(list()).extracting(e -> e.path("tool_name").asString()).containsExactly("Tool1", "Tool2", "Tool3");
        String base = "/api/v1/sessions/" + sessionId + "/tool-executions";
        assertThat(alice.get(base + "?limit=2").ok()).extracting(e -> e.path("tool_name").asString())
                .containsExactly("Tool1", "Tool2");
        assertThat(alice.get(base + "?limit=2&offset=2").ok()).extracting(e -> e.path("tool_name").asString())
                .containsExactly("Tool3");
        alice.get(base + "?limit=0").error(422, 40000);
        alice.get(base + "?limit=2001").error(422, 40000);
        alice.get(base + "?limit=x").error(422, 40000);
        alice.get(base + "?offset=-1").error(422, 40000);
    }

    @Test
    void theDeltaFollowsUpdatesSoLateResultsAppearAgain() {
        fake.send(sessionId, runId, Sdk.toolUse("toolu_a", "A", Map.of()));
        fake.send(sessionId, runId, Sdk.toolUse("toolu_b", "B", Map.of()));
        String base = "/api/v1/sessions/" + sessionId + "/tool-executions/delta";

        JsonNode first = alice.get(base).ok();
        assertThat(first.path("items")).extracting(e -> e.path("tool_name").asString()).containsExactly("A", "B");
        assertThat(first.path("has_more").asBoolean()).isFalse();
        String at = first.path("next_after_created_at").asString();
        String id = first.path("next_after_id").asString();
        assertThat(at).isEqualTo(first.path("items").get(1).path("updated_at").asString());
        assertThat(id).isEqualTo(first.path("items").get(1).path("id").asString());

        JsonNode idle = alice.get(base + "?after_created_at=" + q(at) + "&after_id=" + id).ok();
        assertThat(idle.path("items")).isEmpty();
        assertThat(idle.path("next_after_created_at").asString()).as("echoed").isEqualTo(at);
        assertThat(idle.path("next_after_id").asString()).isEqualTo(id);

        fake.send(sessionId, runId, Sdk.toolResult("toolu_a", "done", false));
        JsonNode later = alice.get(base + "?after_created_at=" + q(at) + "&after_id=" + id).ok();
        assertThat(later.path("items")).extracting(e -> e.path("tool_name").asString())
                .as("A finished after B started, so it comes back").containsExactly("A");
        assertThat(later.path("items").get(0).path("tool_output").path("content").asString()).isEqualTo("done");

        JsonNode paged = alice.get(base + "?limit=1").ok();
        assertThat(paged.path("items")).hasSize(1);
        assertThat(paged.path("has_more").asBoolean()).isTrue();
        JsonNode next = alice.get(base + "?limit=1&after_created_at=" + q(paged.path("next_after_created_at").asString())
                + "&after_id=" + paged.path("next_after_id").asString()).ok();
        assertThat(next.path("items")).hasSize(1);
        assertThat(next.path("items").get(0).path("id").asString())
                .isNotEqualTo(paged.path("items").get(0).path("id").asString());

        JsonNode byTimeOnly = alice.get(base + "?after_created_at=" + q(at)).ok();
        assertThat(byTimeOnly.path("items")).extracting(e -> e.path("tool_name").asString()).containsExactly("A");
    }

    @Test
    void theDeltaRejectsAnIdWithoutATimeAndBadValues() {
        String base = "/api/v1/sessions/" + sessionId + "/tool-executions/delta";
        alice.get(base + "?after_id=" + UUID.randomUUID()).error(400, 40000);
        alice.get(base + "?after_created_at=yesterday").error(422, 40000);
        alice.get(base + "?after_created_at=2025-01-01T00:00:00Z&after_id=x").error(422, 40000);
        alice.get(base + "?limit=0").error(422, 40000);
        alice.get(base + "?limit=2001").error(422, 40000);
    }

    @Test
    void anotherUsersExecutionsAreForbiddenAndUnknownOnesNotFound() {
        fake.send(sessionId, runId, Sdk.toolUse("toolu_1", "Bash", Map.of("command", "id")));
        String id = list().get(0).path("id").asString();
        bob.get("/api/v1/tool-executions/" + id).error(403, 40300);
        bob.get("/api/v1/sessions/" + sessionId + "/tool-executions").error(403, 40300);
        bob.get("/api/v1/sessions/" + sessionId + "/tool-executions/delta").error(403, 40300);
        alice.get("/api/v1/tool-executions/" + UUID.randomUUID()).error(404, 40400);
        alice.get("/api/v1/tool-executions/not-a-uuid").error(422, 40000);
        alice.get("/api/v1/sessions/" + UUID.randomUUID() + "/tool-executions").error(404, 40400);
    }
}
