package dev.poco.server.slashcommands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code /slash-commands} and {@code POST /internal/slash-commands/resolve} (reference slash_commands.py, §3.17). */
class SlashCommandApiTest extends ApiTest {

    private static final String RAW = """
            ---
            description: Review the diff
            model: opus
              # an indented continuation of model
            allowed-tools: Bash(git diff:*)
            ---

            Review the current diff: $ARGUMENTS
            """;

    @Autowired
    JdbcClient jdbc;

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private static int create(Api user, Object... pairs) {
        return user.post("/api/v1/slash-commands", body(pairs)).ok().path("id").asInt();
    }

    /** A skill and the user's install of it, in poco's tables (the skills feature is written in parallel). */
    private int skillInstall(String userId, String name, String scope, String owner, boolean enabled) {
        int skill = jdbc.sql("""
                INSERT INTO skills (name, scope, owner_user_id, entry) VALUES (:name, :scope, :owner, '{}'::jsonb)
                RETURNING id""").param("name", name).param("scope", scope).param("owner", owner)
                .query(Integer.class).single();
        jdbc.sql("INSERT INTO user_skill_installs (user_id, skill_id, enabled) VALUES (:user, :skill, :enabled)")
                .param("user", userId).param("skill", skill).param("enabled", enabled).update();
        return skill;
    }

    @Test
    void createsListsUpdatesAndDeletesCommandsInBothModes() {
        JsonNode raw = alice.post("/api/v1/slash-commands", body("name", " review ", "raw_markdown", RAW,
                "content", "ignored in raw mode", "description", "  ")).ok();
        assertThat(raw.path("name").asString()).isEqualTo("review");
        assertThat(raw.path("mode").asString()).isEqualTo("raw");
        assertThat(raw.path("enabled").asBoolean()).isTrue();
        assertThat(raw.path("content").isNull()).isTrue();
        assertThat(raw.path("description").isNull()).as("blank → null").isTrue();
        assertThat(raw.path("user_id").asString()).isEqualTo(alice.headers().get("X-User-Id"));
        int rawId = raw.path("id").asInt();

        JsonNode structured = alice.post("/api/v1/slash-commands", body("name", "deploy", "mode", "structured",
                "content", "Deploy $ARGUMENTS", "description", " Deploy it ", "argument_hint", "[env]",
                "allowed_tools", "Bash(make:*)", "enabled", false)).ok();
        assertThat(structured.path("description").asString()).isEqualTo("Deploy it");
        assertThat(structured.path("raw_markdown").isNull()).isTrue();
        assertThat(structured.path("enabled").asBoolean()).isFalse();
        int structuredId = structured.path("id").asInt();

        JsonNode list = alice.get("/api/v1/slash-commands").ok();
        assertThat(list).hasSize(2);
        assertThat(list.get(0).path("id").asInt()).as("newest first").isEqualTo(structuredId);
        assertThat(alice.get("/api/v1/slash-commands/" + rawId).ok().path("raw_markdown").asString()).isEqualTo(RAW);

        JsonNode switched = alice.patch("/api/v1/slash-commands/" + rawId,
                body("mode", "structured", "content", "Now structured", "name", "review2")).ok();
        assertThat(switched.path("mode").asString()).isEqualTo("structured");
        assertThat(switched.path("raw_markdown").isNull()).as("the other mode's payload is cleared").isTrue();
        assertThat(switched.path("name").asString()).isEqualTo("review2");
        alice.patch("/api/v1/slash-commands/" + rawId, body("mode", "raw")).error(400, 40000);
        JsonNode cleared = alice.patch("/api/v1/slash-commands/" + structuredId, body("description", "")).ok();
        assertThat(cleared.path("description").isNull()).isTrue();
        assertThat(cleared.path("argument_hint").asString()).as("absent fields are kept").isEqualTo("[env]");

        assertThat(alice.delete("/api/v1/slash-commands/" + rawId).ok().path("id").asInt()).isEqualTo(rawId);
        alice.get("/api/v1/slash-commands/" + rawId).error(404, 15001);
    }

    @Test
    void theCommandRulesAreEnforced() {
        alice.post("/api/v1/slash-commands", body("name", "bad name", "raw_markdown", "x")).error(400, 40000);
        alice.post("/api/v1/slash-commands", body("name", "../x", "raw_markdown", "x")).error(400, 40000);
        alice.post("/api/v1/slash-commands", body("name", "help", "raw_markdown", "x")).error(400, 40000);
        alice.post("/api/v1/slash-commands", body("name", "compact", "raw_markdown", "x")).error(400, 40000);
        alice.post("/api/v1/slash-commands", body("name", "a")).error(400, 40000);
        alice.post("/api/v1/slash-commands", body("name", "a", "raw_markdown", "  ")).error(400, 40000);
        alice.post("/api/v1/slash-commands", body("name", "a", "mode", "structured", "raw_markdown", "x"))
                .error(400, 40000);
        alice.post("/api/v1/slash-commands", body("name", "a", "mode", "fancy", "raw_markdown", "x")).error(400, 40000);
        create(alice, "name", "dup", "raw_markdown", "x");
        alice.post("/api/v1/slash-commands", body("name", "dup", "raw_markdown", "y")).error(409, 15002);
        int other = create(alice, "name", "other", "raw_markdown", "x");
        alice.patch("/api/v1/slash-commands/" + other, body("name", "dup")).error(409, 15002);
        alice.patch("/api/v1/slash-commands/" + other, body("name", "clear")).error(400, 40000);
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.post("/api/v1/slash-commands", "{not json").error(400, 40000);
        alice.post("/api/v1/slash-commands", body("raw_markdown", "x")).error(422, 40000);
        alice.post("/api/v1/slash-commands", body("name", 1, "raw_markdown", "x")).error(422, 40000);
        alice.post("/api/v1/slash-commands", body("name", "a", "enabled", "maybe", "raw_markdown", "x"))
                .error(422, 40000);
        alice.post("/api/v1/slash-commands", body("name", "a", "description", "d".repeat(256), "raw_markdown", "x"))
                .error(422, 40000);
        alice.get("/api/v1/slash-commands/x").error(422, 40000);
        alice.get("/api/v1/slash-commands/2147483000").error(404, 15001);
        alice.patch("/api/v1/slash-commands/2147483000", body("enabled", true)).error(404, 15001);
        alice.delete("/api/v1/slash-commands/2147483000").error(404, 15001);
    }

    @Test
    void anotherUsersCommandIsNotFound() {
        int id = create(alice, "name", "mine", "raw_markdown", "x");
        bob.get("/api/v1/slash-commands/" + id).error(404, 15001);
        bob.patch("/api/v1/slash-commands/" + id, body("raw_markdown", "stolen")).error(404, 15001);
        bob.delete("/api/v1/slash-commands/" + id).error(404, 15001);
        assertThat(bob.get("/api/v1/slash-commands").ok()).isEmpty();
        assertThat(alice.get("/api/v1/slash-commands/" + id).ok().path("raw_markdown").asString()).isEqualTo("x");
    }

    @Test
    void suggestionsAreEnabledCustomCommandsAndSkillAliases() {
        String aliceId = alice.headers().get("X-User-Id");
        String bobId = bob.headers().get("X-User-Id");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        skillInstall(aliceId, "zeta-" + suffix, "system", "admin", true);
        skillInstall(aliceId, "off-" + suffix, "user", aliceId, false);
        skillInstall(aliceId, "bobs-" + suffix, "user", bobId, true);
        skillInstall(aliceId, "deploy", "user", aliceId, true);
        create(alice, "name", "deploy", "mode", "structured", "content", "Deploy", "description", "Ship it",
                "argument_hint", "[env]");
        create(alice, "name", "alpha", "raw_markdown", "x");
        create(alice, "name", "hidden", "raw_markdown", "x", "enabled", false);

        JsonNode suggestions = alice.get("/api/v1/slash-commands/suggestions").ok();
        List<String> names = new ArrayList<>();
        suggestions.forEach(s -> names.add(s.path("name").asString()));
        assertThat(names).containsExactly("alpha", "deploy", "zeta-" + suffix);
        JsonNode deploy = suggestions.get(1);
        assertThat(deploy.path("source").asString()).as("custom wins over a skill alias").isEqualTo("custom");
        assertThat(deploy.path("description").asString()).isEqualTo("Ship it");
        assertThat(deploy.path("argument_hint").asString()).isEqualTo("[env]");
        JsonNode alias = suggestions.get(2);
        assertThat(alias.path("source").asString()).isEqualTo("skill");
        assertThat(alias.path("description").asString()).isEqualTo("Run skill: zeta-" + suffix);
        assertThat(alias.path("argument_hint").asString()).isEqualTo("Describe the task for this skill");

        assertThat(bob.get("/api/v1/slash-commands/suggestions").ok()).isEmpty();
    }

    @Test
    void theRunnerGetsOneMarkdownFilePerCommandAndSkillAlias() {
        String aliceId = alice.headers().get("X-User-Id");
        String skill = "sk-" + UUID.randomUUID().toString().substring(0, 8);
        skillInstall(aliceId, skill, "user", aliceId, true);
        create(alice, "name", "review", "raw_markdown", RAW);
        create(alice, "name", "deploy", "mode", "structured", "content", "Deploy $ARGUMENTS\n\n\n",
                "description", "Ship \"it\"", "allowed_tools", "Bash(make:*)");
        create(alice, "name", "plain", "mode", "structured", "content", "Just do it");
        create(alice, "name", "off", "raw_markdown", "x", "enabled", false);
        Api asRunner = runner.as(aliceId);

        JsonNode files = asRunner.post("/api/v1/internal/slash-commands/resolve", Map.of()).ok();
        assertThat(files.propertyNames()).containsExactlyInAnyOrder("review", "deploy", "plain", skill);
        assertThat(files.path("review").asString()).isEqualTo("""
                ---
                description: Review the diff
                allowed-tools: Bash(git diff:*)
                ---

                Review the current diff: $ARGUMENTS
                """);
        assertThat(files.path("deploy").asString()).isEqualTo("""
                ---
                allowed-tools: "Bash(make:*)"
                description: "Ship \\"it\\""
                ---

                Deploy $ARGUMENTS
                """);
        assertThat(files.path("plain").asString()).isEqualTo("Just do it\n");
        assertThat(files.path(skill).asString()).startsWith("---\ndescription: \"Run skill: " + skill + "\"\n"
                + "argument-hint: \"Describe the task for this skill\"\n---\n")
                .contains("~/.claude/skills/" + skill + "/SKILL.md").contains("$ARGUMENTS");

        JsonNode some = asRunner.post("/api/v1/internal/slash-commands/resolve",
                Map.of("names", List.of(" /deploy", "help", "off"), "skill_names", List.of("other", "bad name"))).ok();
        assertThat(some.propertyNames()).containsExactlyInAnyOrder("deploy", "other");

        alice.post("/api/v1/internal/slash-commands/resolve", Map.of()).error(403, 40300);
        asRunner.post("/api/v1/internal/slash-commands/resolve", Map.of("names", "deploy")).error(422, 40000);
    }
}
