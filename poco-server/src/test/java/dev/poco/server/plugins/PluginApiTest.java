package dev.poco.server.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.Imports;
import dev.poco.server.support.Zips;
import dev.poco.testkit.http.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class PluginApiTest extends ApiTest {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void createsListsUpdatesAndDeletesAPlugin() {
        JsonNode created = alice.post("/api/v1/plugins", Map.of("name", "linter", "entry", Map.of(),
                "description", "Lints", "version", "1.0.0", "manifest", Map.of("name", "linter"))).ok();
        assertThat(created.path("description").asString()).isEqualTo("Lints");
        assertThat(created.path("manifest").path("name").asString()).isEqualTo("linter");
        int id = created.path("id").asInt();

        JsonNode updated = alice.patch("/api/v1/plugins/" + id, Map.of("version", "1.1.0")).ok();
        assertThat(updated.path("version").asString()).isEqualTo("1.1.0");
        assertThat(updated.path("description").asString()).isEqualTo("Lints");
        assertThat(alice.get("/api/v1/plugins").ok()).extracting(p -> p.path("name").asString()).contains("linter");

        int installId = alice.post("/api/v1/plugin-installs", Map.of("plugin_id", id)).ok().path("id").asInt();
        assertThat(alice.patch("/api/v1/plugin-installs/bulk", Map.of("enabled", false)).ok()
                .path("updated_count").asInt()).isEqualTo(1);
        assertThat(alice.patch("/api/v1/plugin-installs/" + installId, Map.of()).ok().path("enabled").asBoolean())
                .isFalse();
        assertThat(alice.get("/api/v1/plugin-installs").ok()).singleElement()
                .satisfies(i -> assertThat(i.path("plugin_id").asInt()).isEqualTo(id));

        alice.delete("/api/v1/plugins/" + id).ok();
        alice.get("/api/v1/plugins/" + id).error(404, 17001);
        assertThat(alice.get("/api/v1/plugin-installs").ok()).isEmpty();
    }

    @Test
    void systemPluginsAreReadOnlyAndOthersPluginsRefused() {
        int systemId = jdbc.sql("INSERT INTO plugins (name, scope, owner_user_id, entry) VALUES (:name, 'system',"
                        + " 'admin', '{}'::jsonb) RETURNING id")
                .param("name", "sys-" + System.nanoTime()).query(Integer.class).single();
        alice.get("/api/v1/plugins/" + systemId).ok();
        alice.patch("/api/v1/plugins/" + systemId, Map.of("version", "2")).error(403, 17003);
        alice.delete("/api/v1/plugins/" + systemId).error(403, 17003);
        alice.post("/api/v1/plugin-installs", Map.of("plugin_id", systemId)).ok();

        int id = alice.post("/api/v1/plugins", Map.of("name", "mine", "entry", Map.of())).ok().path("id").asInt();
        bob.get("/api/v1/plugins/" + id).error(404, 17001);
        bob.patch("/api/v1/plugins/" + id, Map.of("name", "x")).error(403, 40300);
        bob.delete("/api/v1/plugins/" + id).error(403, 40300);
        bob.post("/api/v1/plugin-installs", Map.of("plugin_id", id)).error(404, 17001);
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.post("/api/v1/plugins", Map.of("name", "a b", "entry", Map.of())).error(400, 40000);
        alice.post("/api/v1/plugins", Map.of("name", "ok", "entry", Map.of(), "manifest", "x")).error(422, 40000);
        alice.post("/api/v1/plugins", Map.of("name", "ok", "entry", Map.of(), "version", "v".repeat(65)))
                .error(422, 40000);
        int dup = alice.post("/api/v1/plugins", Map.of("name", "dup", "entry", Map.of())).ok().path("id").asInt();
        alice.post("/api/v1/plugins", Map.of("name", "dup", "entry", Map.of())).error(409, 17002);
        alice.patch("/api/v1/plugins/" + dup, "[1]").error(422, 40000);
        alice.patch("/api/v1/plugins/" + dup, Map.of("manifest", 3)).error(422, 40000);
        alice.post("/api/v1/plugin-installs", Map.of()).error(422, 40000);
        assertThat(alice.multipart("/api/v1/plugins/import/discover", "file", "p.zip", "application/zip",
                Zips.of(Map.of("SKILL.md", "# not a plugin\n"))).error(400, 40000).message())
                .isEqualTo("No plugin.json found in the archive");
    }

    @Test
    void anImportedPluginKeepsItsManifestAndResolvesForTheRunner() {
        byte[] zip = Zips.of(Map.of(
                "plugins/fmt/.claude-plugin/plugin.json",
                "{\"name\": \" fmt \", \"version\": \"0.3.0\", \"description\": \"Formats\", \"zeta\": 1}",
                "plugins/fmt/commands/format.md", "Format the code\n",
                "plugins/unnamed/.claude-plugin/plugin.json", "{\"version\": \"1\"}",
                "plugins/unnamed/agents/a.md", "agent\n",
                "plugins/broken/.claude-plugin/plugin.json", "{not json"));
        JsonNode discovered = Imports.discover(alice, "plugins", zip);
        JsonNode candidates = discovered.path("candidates");
        assertThat(candidates).extracting(c -> c.path("relative_path").asString())
                .containsExactly("broken", "fmt", "unnamed"); // the one top folder is stripped
        assertThat(candidates.get(1).path("plugin_name").asString()).isEqualTo("fmt");
        assertThat(candidates.get(1).path("version").asString()).isEqualTo("0.3.0");
        assertThat(candidates.get(2).path("requires_name").asBoolean()).isTrue();

        JsonNode job = Imports.commit(alice, "plugins", discovered.path("archive_key").asString(), List.of(
                Map.of("relative_path", "fmt"),
                Map.of("relative_path", "unnamed", "name_override", "named"),
                Map.of("relative_path", "broken", "name_override", "broken")));
        JsonNode items = job.path("result").path("items");
        assertThat(items).extracting(i -> i.path("status").asString()).containsExactly("success", "success", "failed");
        int fmt = items.get(0).path("plugin_id").asInt();
        int named = items.get(1).path("plugin_id").asInt();

        JsonNode plugin = alice.get("/api/v1/plugins/" + fmt).ok();
        assertThat(plugin.path("version").asString()).isEqualTo("0.3.0");
        assertThat(plugin.path("description").asString()).isEqualTo("Formats");

        Api asRunner = runner.as(Imports.userId(alice));
        JsonNode resolved = asRunner.post("/api/v1/internal/plugin-config/resolve",
                Map.of("plugin_ids", List.of(named, fmt))).ok();
        assertThat(resolved.propertyNames()).containsExactly("named", "fmt");
        assertThat(resolved.path("fmt").path("manifest").path("version").asString()).isEqualTo("0.3.0");
        assertThat(resolved.path("named").path("manifest").path("name").asString()).isEqualTo("named");

        Map<String, String> files = Zips.read(asRunner.getBytes(resolved.path("named").path("package_url")
                .asString()).body());
        assertThat(files).containsOnlyKeys(".claude-plugin/plugin.json", "agents/a.md");
        // poco re-serialises the manifest: two-space indent, sorted keys, the name it was given
        assertThat(files.get(".claude-plugin/plugin.json")).isEqualTo("{\n  \"name\" : \"named\",\n  \"version\" : \"1\"\n}");
        assertThat(Zips.read(asRunner.getBytes("/api/v1/internal/plugins/" + fmt + "/package").body()))
                .containsOnlyKeys(".claude-plugin/plugin.json", "commands/format.md");
        assertThat(asRunner.post("/api/v1/internal/plugin-config/resolve", Map.of()).ok().propertyNames()).isEmpty();
    }
}
