package dev.poco.server.skills;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.Imports;
import dev.poco.server.support.Zips;
import dev.poco.server.storage.BlobStore;
import dev.poco.testkit.http.Api;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class SkillApiTest extends ApiTest {

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private BlobStore blobs;

    @Test
    void createsListsUpdatesAndDeletesASkill() {
        JsonNode created = alice.post("/api/v1/skills", Map.of("name", "writer", "entry", Map.of("note", "x"))).ok();
        assertThat(created.path("scope").asString()).isEqualTo("user");
        assertThat(created.path("source").path("kind").asString()).isEqualTo("manual");
        int id = created.path("id").asInt();

        assertThat(names(alice)).contains("writer");
        JsonNode renamed = alice.patch("/api/v1/skills/" + id, Map.of("name", "editor", "scope", "")).ok();
        assertThat(renamed.path("name").asString()).isEqualTo("editor");
        assertThat(alice.get("/api/v1/skills/" + id).ok().path("entry").path("note").asString()).isEqualTo("x");

        assertThat(alice.delete("/api/v1/skills/" + id).ok().path("id").asInt()).isEqualTo(id);
        alice.get("/api/v1/skills/" + id).error(404, 13001);
    }

    @Test
    void systemSkillsAreSharedShadowedByNameAndReadOnly() {
        String name = "sys-" + System.nanoTime();
        int systemId = systemSkill(name);
        assertThat(names(alice)).contains(name);
        assertThat(alice.get("/api/v1/skills/" + systemId).ok().path("source").path("kind").asString())
                .isEqualTo("system");

        alice.patch("/api/v1/skills/" + systemId, Map.of("name", "mine")).error(403, 13003);
        alice.delete("/api/v1/skills/" + systemId).error(403, 13003);
        alice.post("/api/v1/skills", Map.of("name", "new-system", "entry", Map.of(), "scope", "system"))
                .error(403, 13003);

        int own = alice.post("/api/v1/skills", Map.of("name", name, "entry", Map.of())).ok().path("id").asInt();
        List<JsonNode> visible = list(alice).stream().filter(s -> s.path("name").asString().equals(name)).toList();
        assertThat(visible).singleElement().satisfies(s -> assertThat(s.path("id").asInt()).isEqualTo(own));
        assertThat(names(bob)).contains(name);
    }

    @Test
    void anotherUsersSkillIsRefused() {
        int id = alice.post("/api/v1/skills", Map.of("name", "private", "entry", Map.of())).ok().path("id").asInt();
        bob.get("/api/v1/skills/" + id).error(404, 13001);
        bob.patch("/api/v1/skills/" + id, Map.of("name", "stolen")).error(403, 40300);
        bob.delete("/api/v1/skills/" + id).error(403, 40300);
        bob.post("/api/v1/skill-installs", Map.of("skill_id", id)).error(404, 13001);
        assertThat(names(bob)).doesNotContain("private");
        assertThat(alice.get("/api/v1/skills/" + id).ok().path("name").asString()).isEqualTo("private");
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.post("/api/v1/skills", "{not json").error(400, 40000);
        alice.post("/api/v1/skills", Map.of("name", "bad/name", "entry", Map.of())).error(400, 40000);
        alice.post("/api/v1/skills", Map.of("name", "..", "entry", Map.of())).error(400, 40000);
        alice.post("/api/v1/skills", Map.of("name", "ok")).error(422, 40000);
        alice.post("/api/v1/skills", Map.of("name", "ok", "entry", "text")).error(422, 40000);
        alice.post("/api/v1/skills", Map.of("name", 5, "entry", Map.of())).error(422, 40000);
        alice.post("/api/v1/skills", Map.of("name", "twice", "entry", Map.of())).ok();
        alice.post("/api/v1/skills", Map.of("name", "twice", "entry", Map.of())).error(409, 13002);
        alice.get("/api/v1/skills/abc").error(422, 40000);
        alice.get("/api/v1/skills/999999999").error(404, 13001);
        alice.post("/api/v1/skill-installs", Map.of("skill_id", "x")).error(422, 40000);
        alice.patch("/api/v1/skill-installs/bulk", Map.of("enabled", true, "install_ids", "all")).error(422, 40000);
        runner.as(Imports.userId(alice)).post("/api/v1/internal/skill-config/resolve", Map.of("skill_ids", "1"))
                .error(422, 40000);
    }

    @Test
    void installsAreTheUsersOwnAndToggleOneByOneOrInBulk() {
        int first = alice.post("/api/v1/skills", Map.of("name", "one", "entry", Map.of())).ok().path("id").asInt();
        int second = alice.post("/api/v1/skills", Map.of("name", "two", "entry", Map.of())).ok().path("id").asInt();
        JsonNode install = alice.post("/api/v1/skill-installs", Map.of("skill_id", first)).ok();
        assertThat(install.path("enabled").asBoolean()).isTrue();
        assertThat(install.path("skill_id").asInt()).isEqualTo(first);
        int installId = install.path("id").asInt();
        int other = alice.post("/api/v1/skill-installs", Map.of("skill_id", second, "enabled", false)).ok()
                .path("id").asInt();
        alice.post("/api/v1/skill-installs", Map.of("skill_id", first)).error(409, 40000);

        assertThat(alice.patch("/api/v1/skill-installs/" + installId, Map.of("enabled", false)).ok()
                .path("enabled").asBoolean()).isFalse();
        assertThat(alice.patch("/api/v1/skill-installs/bulk", Map.of("enabled", true)).ok()
                .path("updated_count").asInt()).isEqualTo(2);
        assertThat(alice.patch("/api/v1/skill-installs/bulk", Map.of("enabled", false, "install_ids", List.of()))
                .ok().path("updated_count").asInt()).isZero();
        assertThat(alice.patch("/api/v1/skill-installs/bulk", Map.of("enabled", false, "install_ids",
                List.of(other))).ok().path("updated_count").asInt()).isEqualTo(1);
        assertThat(alice.get("/api/v1/skill-installs").ok()).extracting(i -> i.path("enabled").asBoolean())
                .containsExactly(false, true);

        bob.patch("/api/v1/skill-installs/" + installId, Map.of("enabled", false)).error(404, 40400);
        bob.delete("/api/v1/skill-installs/" + installId).error(404, 40400);
        assertThat(bob.patch("/api/v1/skill-installs/bulk", Map.of("enabled", false, "install_ids",
                List.of(installId))).ok().path("updated_count").asInt()).isZero();

        alice.delete("/api/v1/skill-installs/" + installId).ok();
        assertThat(alice.get("/api/v1/skill-installs").ok()).hasSize(1);
    }

    @Test
    void anImportedSkillResolvesForTheRunnerWhichDownloadsItsFiles() {
        byte[] zip = Zips.of(Map.of(
                "repo-main/skills/pdf/SKILL.md", "---\nname: pdf\n---\nRead PDFs\n",
                "repo-main/skills/pdf/scripts/run.py", "print('hi')\n",
                "repo-main/skills/pdf/nested/SKILL.md", "# another skill inside\n",
                "repo-main/README.md", "readme\n"));
        JsonNode discovered = Imports.discover(alice, "skills", zip);
        assertThat(discovered.path("candidates")).extracting(c -> c.path("relative_path").asString())
                .containsExactly("skills/pdf", "skills/pdf/nested");
        JsonNode pdf = discovered.path("candidates").get(0);
        assertThat(pdf.path("skill_name").asString()).isEqualTo("pdf");
        assertThat(pdf.path("requires_name").asBoolean()).isFalse();
        assertThat(pdf.path("will_overwrite").asBoolean()).isFalse();

        JsonNode job = Imports.commit(alice, "skills", discovered.path("archive_key").asString(),
                List.of(Map.of("relative_path", "skills/pdf")));
        assertThat(job.path("status").asString()).isEqualTo("success");
        assertThat(job.path("progress").asInt()).isEqualTo(100);
        JsonNode item = job.path("result").path("items").get(0);
        assertThat(item.path("status").asString()).isEqualTo("success");
        int skillId = item.path("skill_id").asInt();

        JsonNode skill = alice.get("/api/v1/skills/" + skillId).ok();
        assertThat(skill.path("source").path("kind").asString()).isEqualTo("zip");
        assertThat(skill.path("entry").path("is_prefix").asBoolean()).isTrue();
        assertThat(alice.get("/api/v1/skill-installs").ok()).singleElement()
                .satisfies(i -> assertThat(i.path("enabled").asBoolean()).isTrue());

        Api asRunner = runner.as(Imports.userId(alice));
        JsonNode resolved = asRunner.post("/api/v1/internal/skill-config/resolve",
                Map.of("skill_ids", List.of(skillId, skillId, 999999))).ok();
        assertThat(resolved.propertyNames()).containsExactly("pdf");
        assertThat(resolved.path("pdf").path("enabled").asBoolean()).isTrue();
        String packageUrl = resolved.path("pdf").path("package_url").asString();
        assertThat(packageUrl).isEqualTo("/api/v1/internal/skills/" + skillId + "/package");

        HttpResponse<byte[]> download = asRunner.getBytes(packageUrl);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(Zips.read(download.body())).containsOnlyKeys("SKILL.md", "scripts/run.py")
                .containsEntry("scripts/run.py", "print('hi')\n");

        // the package is the user's: another user's runner call and a call without the token are refused
        assertThat(runner.as(Imports.userId(bob)).getBytes(packageUrl).statusCode()).isEqualTo(404);
        assertThat(alice.getBytes(packageUrl).statusCode()).isEqualTo(403);
        assertThat(runner.as(Imports.userId(bob)).post("/api/v1/internal/skill-config/resolve",
                Map.of("skill_ids", List.of(skillId))).ok().propertyNames()).isEmpty();

        // importing again says it overwrites; a name the archive already gives cannot be overridden
        JsonNode again = Imports.discover(alice, "skills", zip);
        assertThat(again.path("candidates").get(0).path("will_overwrite").asBoolean()).isTrue();
        JsonNode second = Imports.commit(alice, "skills", again.path("archive_key").asString(),
                List.of(Map.of("relative_path", "skills/pdf", "name_override", "other"),
                        Map.of("relative_path", "skills/pdf/nested")));
        JsonNode items = second.path("result").path("items");
        assertThat(items.get(0).path("status").asString()).isEqualTo("failed");
        assertThat(items.get(0).path("error").asString()).contains("name_override is not allowed");
        assertThat(items.get(1).path("status").asString()).isEqualTo("success");
        assertThat(items.get(1).path("skill_name").asString()).isEqualTo("nested");

        // deleting the skill removes its files from the BlobStore
        String prefix = skill.path("entry").path("s3_key").asString();
        assertThat(blobs.list(prefix)).hasSize(2);
        alice.delete("/api/v1/skills/" + skillId).ok();
        assertThat(blobs.list(prefix)).isEmpty();
    }

    @Test
    void aManualEntryCannotReachAnotherUsersFiles() {
        int id = bob.post("/api/v1/skills", Map.of("name", "thief", "entry",
                Map.of("s3_key", "skills/" + Imports.userId(alice) + "/pdf/", "is_prefix", true))).ok().path("id")
                .asInt();
        bob.post("/api/v1/skill-installs", Map.of("skill_id", id)).ok();
        assertThat(runner.as(Imports.userId(bob)).getBytes("/api/v1/internal/skills/" + id + "/package")
                .statusCode()).isEqualTo(404);
    }

    private int systemSkill(String name) {
        return jdbc.sql("INSERT INTO skills (name, scope, owner_user_id, entry) VALUES (:name, 'system', 'admin',"
                        + " '{}'::jsonb) RETURNING id")
                .param("name", name).query(Integer.class).single();
    }

    private static List<JsonNode> list(Api user) {
        List<JsonNode> items = new ArrayList<>();
        user.get("/api/v1/skills").ok().forEach(items::add);
        return items;
    }

    private static List<String> names(Api user) {
        return list(user).stream().map(s -> s.path("name").asString()).toList();
    }
}
