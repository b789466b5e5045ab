package dev.poco.server.subagents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /subagents} and {@code POST /internal/subagents/resolve} (reference subagents.py, §3.18). */
class SubagentApiTest extends ApiTest {

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static int structured(Api user, String name, boolean enabled) {
        return user.post("/api/v1/subagents", body("name", name, "description", "Does " + name, "prompt",
                "You are " + name, "enabled", enabled)).ok().path("id").asInt();
    }

    private static String raw(String name) {
        return "---\nname: \"" + name + "\"\ndescription: Writes tests\nmodel: opus\n---\n\nYou write tests.\n";
    }

    @Test
    void createsListsUpdatesAndDeletesSubagents() {
        JsonNode created = alice.post("/api/v1/subagents", body("name", "reviewer", "description", " Reviews code ",
                "prompt", "You review code.", "tools", List.of(" Read ", "Grep", "Read", " "), "model", "opus")).ok();
        assertThat(created.path("mode").asString()).isEqualTo("structured");
        assertThat(created.path("description").asString()).isEqualTo("Reviews code");
        assertThat(created.path("tools")).extracting(JsonNode::asString).containsExactly("Read", "Grep");
        assertThat(created.path("model").isNull()).as("no per-agent model").isTrue();
        assertThat(created.path("raw_markdown").isNull()).isTrue();
        assertThat(created.path("user_id").asString()).isEqualTo(alice.headers().get("X-User-Id"));
        int id = created.path("id").asInt();

        JsonNode rawAgent = alice.post("/api/v1/subagents", body("name", "tester", "mode", "raw",
                "raw_markdown", raw("tester"))).ok();
        assertThat(rawAgent.path("raw_markdown").asString()).doesNotContain("model:").contains("name: \"tester\"");
        assertThat(rawAgent.path("prompt").isNull()).isTrue();

        JsonNode list = alice.get("/api/v1/subagents").ok();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("name").asString()).as("newest first").isEqualTo("tester");
        assertThat(alice.get("/api/v1/subagents/" + id).ok().path("prompt").asString()).isEqualTo("You review code.");

        JsonNode toRaw = alice.patch("/api/v1/subagents/" + id, body("mode", "raw", "raw_markdown",
                raw("reviewer"))).ok();
        assertThat(toRaw.path("prompt").isNull()).as("the other mode's payload is cleared").isTrue();
        assertThat(toRaw.path("tools").isNull()).isTrue();
        alice.patch("/api/v1/subagents/" + id, body("mode", "structured")).error(400, 40000);
        JsonNode back = alice.patch("/api/v1/subagents/" + id, body("mode", "structured", "prompt", "Again",
                "tools", List.of(), "enabled", false)).ok();
        assertThat(back.path("raw_markdown").isNull()).isTrue();
        assertThat(back.path("tools").isNull()).isTrue();
        assertThat(back.path("enabled").asBoolean()).isFalse();

        assertThat(alice.delete("/api/v1/subagents/" + id).ok().path("id").asInt()).isEqualTo(id);
        alice.get("/api/v1/subagents/" + id).error(404, 16001);
    }

    @Test
    void theSubagentRulesAreEnforced() {
        alice.post("/api/v1/subagents", body("name", "a b", "description", "d", "prompt", "p")).error(400, 40000);
        alice.post("/api/v1/subagents", body("name", "a", "prompt", "p")).error(400, 40000);
        alice.post("/api/v1/subagents", body("name", "a", "description", "d", "prompt", " ")).error(400, 40000);
        alice.post("/api/v1/subagents", body("name", "a", "mode", "raw")).error(400, 40000);
        alice.post("/api/v1/subagents", body("name", "a", "mode", "raw", "raw_markdown", "no front matter"))
                .error(400, 40000);
        var mismatch = alice.post("/api/v1/subagents", body("name", "a", "mode", "raw", "raw_markdown", raw("b")))
                .error(400, 40000);
        assertThat(mismatch.message()).contains("must equal the subagent name 'a'");
        alice.post("/api/v1/subagents", body("name", "a", "mode", "clever", "description", "d", "prompt", "p"))
                .error(400, 40000);
        List<String> tools = IntStream.range(0, 65).mapToObj(i -> "Tool" + i).toList();
        alice.post("/api/v1/subagents", body("name", "a", "description", "d", "prompt", "p", "tools", tools))
                .error(400, 40000);
        alice.post("/api/v1/subagents", body("name", "a", "description", "d", "prompt", "p", "model", "gpt"))
                .error(422, 40000);
        structured(alice, "dup", true);
        alice.post("/api/v1/subagents", body("name", "dup", "description", "d", "prompt", "p")).error(409, 16002);
        int other = structured(alice, "other", true);
        alice.patch("/api/v1/subagents/" + other, body("name", "dup")).error(409, 16002);
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.post("/api/v1/subagents", "{not json").error(400, 40000);
        alice.post("/api/v1/subagents", body("description", "d", "prompt", "p")).error(422, 40000);
        alice.post("/api/v1/subagents", body("name", "a", "description", "d", "prompt", "p", "tools", "Read"))
                .error(422, 40000);
        alice.post("/api/v1/subagents", body("name", "a", "description", "d".repeat(256), "prompt", "p"))
                .error(422, 40000);
        alice.get("/api/v1/subagents/x").error(422, 40000);
        alice.get("/api/v1/subagents/2147483000").error(404, 16001);
        alice.patch("/api/v1/subagents/2147483000", body("enabled", true)).error(404, 16001);
        alice.delete("/api/v1/subagents/2147483000").error(404, 16001);
    }

    @Test
    void anotherUsersSubagentIsNotFound() {
        int id = structured(alice, "mine", true);
        bob.get("/api/v1/subagents/" + id).error(404, 16001);
        bob.patch("/api/v1/subagents/" + id, body("prompt", "stolen")).error(404, 16001);
        bob.delete("/api/v1/subagents/" + id).error(404, 16001);
        assertThat(bob.get("/api/v1/subagents").ok()).isEmpty();
        assertThat(alice.get("/api/v1/subagents/" + id).ok().path("prompt").asString()).isEqualTo("You are mine");
    }

    @Test
    void theRunnerResolvesEnabledOrChosenSubagents() {
        String aliceId = alice.headers().get("X-User-Id");
        int on = structured(alice, "on", true);
        int off = structured(alice, "off", false);
        int rawId = alice.post("/api/v1/subagents", body("name", "scribe", "mode", "raw", "raw_markdown",
                raw("scribe"))).ok().path("id").asInt();
        int bobs = structured(bob, "bobs", true);
        Api asRunner = runner.as(aliceId);

        JsonNode defaults = asRunner.post("/api/v1/internal/subagents/resolve", Map.of()).ok();
        assertThat(names(defaults.path("structured_agents"))).containsExactly("on");
        assertThat(names(defaults.path("raw_agents"))).containsExactly("scribe");
        JsonNode agent = defaults.path("structured_agents").path("on");
        assertThat(agent.path("description").asString()).isEqualTo("Does on");
        assertThat(agent.path("prompt").asString()).isEqualTo("You are on");
        assertThat(agent.path("model").isNull()).isTrue();
        assertThat(agent.has("tools")).isTrue();
        assertThat(defaults.path("raw_agents").path("scribe").asString()).doesNotContain("model:");
        assertThat(names(asRunner.post("/api/v1/internal/subagents/resolve", null).ok().path("structured_agents")))
                .as("no body is the defaults too").containsExactly("on");

        JsonNode chosen = asRunner.post("/api/v1/internal/subagents/resolve",
                Map.of("subagent_ids", List.of(off, bobs, on))).ok();
        assertThat(names(chosen.path("structured_agents"))).as("in order, enabled or not, only hers")
                .containsExactly("off", "on");
        assertThat(chosen.path("raw_agents").isEmpty()).isTrue();

        JsonNode none = asRunner.post("/api/v1/internal/subagents/resolve", Map.of("subagent_ids", List.of())).ok();
        assertThat(none.path("structured_agents").isEmpty()).isTrue();
        assertThat(none.path("raw_agents").isEmpty()).isTrue();
        assertThat(asRunner.post("/api/v1/internal/subagents/resolve", Map.of("subagent_ids", List.of(rawId))).ok()
                .path("raw_agents").has("scribe")).isTrue();

        alice.post("/api/v1/internal/subagents/resolve", Map.of()).error(403, 40300);
        asRunner.post("/api/v1/internal/subagents/resolve", Map.of("subagent_ids", "all")).error(422, 40000);
    }

    private static List<String> names(JsonNode object) {
        return new ArrayList<>(object.propertyNames());
    }
}
