package dev.poco.server.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.ArchiveServer;
import dev.poco.server.support.Imports;
import dev.poco.server.support.Zips;
import dev.poco.testkit.http.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Imports of both kinds: the archive checks, GitHub archives, ownership of archives and jobs, restart recovery. */
class ImportApiTest extends ApiTest {

    private static final String DISCOVER = "/api/v1/skills/import/discover";

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ImportJobRunner jobRunner;

    @Test
    void entriesEscapingTheTargetAreRefused() {
        Reply dotDot = upload(Zips.of(Map.of("ok/SKILL.md", "# ok\n", "../evil/SKILL.md", "# evil\n")))
                .error(400, 40000);
        assertThat(dotDot.message()).contains("../evil/SKILL.md").contains("escapes");
        Reply nested = upload(Zips.of(Map.of("a/../../etc/SKILL.md", "# evil\n"))).error(400, 40000);
        assertThat(nested.message()).contains("escapes");
        Reply absolute = upload(Zips.of(Map.of("/etc/skill/SKILL.md", "# evil\n"))).error(400, 40000);
        assertThat(absolute.message()).contains("absolute path");
        Reply drive = upload(Zips.of(Map.of("C:\\Windows\\SKILL.md", "# evil\n"))).error(400, 40000);
        assertThat(drive.message()).contains("absolute path");
    }

    @Test
    void linksAreRefused() {
        Reply link = upload(Zips.withLink("skill", "passwd", "/etc/passwd")).error(400, 40000);
        assertThat(link.message()).contains("link").contains("skill/passwd");
        assertThat(link.data().path("entry").asString()).isEqualTo("skill/passwd");
    }

    @Test
    void anArchiveOverTheSizeLimitIsRefused() {
        byte[] noise = new byte[IMPORT_MAX_MB * 1024 * 1024 + 16 * 1024];
        new Random(7).nextBytes(noise);
        byte[] zip = Zips.ofBytes(Map.of("big/SKILL.md", "# big\n".getBytes(StandardCharsets.UTF_8),
                "big/noise.bin", noise), true);
        Reply reply = upload(zip).error(413, 413);
        assertThat(reply.message()).contains("POCO_IMPORT_MAX_MB");
        assertThat(reply.data().path("max_bytes").asLong()).isEqualTo(IMPORT_MAX_MB * 1024L * 1024L);
        assertThat(reply.data().path("actual_bytes").asLong()).isEqualTo(zip.length);
    }

    @Test
    void anArchiveWithTooManyFilesIsRefused() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("many/SKILL.md", "# many\n");
        for (int i = 0; i < IMPORT_MAX_FILES; i++) {
            files.put("many/file-" + i + ".txt", "x");
        }
        Reply reply = upload(Zips.of(files)).error(400, 40000);
        assertThat(reply.message()).contains("more than " + IMPORT_MAX_FILES + " files")
                .contains("POCO_IMPORT_MAX_FILES");
    }

    @Test
    void aZipBombIsRefusedBeforeItExpands() {
        byte[] zeros = new byte[(IMPORT_MAX_UNCOMPRESSED_MB + 1) * 1024 * 1024];
        byte[] zip = Zips.ofBytes(Map.of("bomb/SKILL.md", "# bomb\n".getBytes(StandardCharsets.UTF_8),
                "bomb/zeros.bin", zeros), false);
        assertThat(zip.length).isLessThan(IMPORT_MAX_MB * 1024 * 1024);
        Reply reply = upload(zip).error(400, 40000);
        assertThat(reply.message()).contains("POCO_IMPORT_MAX_UNCOMPRESSED_MB");
    }

    @Test
    void badDiscoverInputGetsAClearError() {
        alice.multipart(DISCOVER, "file", "notes.txt", "text/plain", "x".getBytes(StandardCharsets.UTF_8))
                .error(400, 40000);
        assertThat(alice.multipart(DISCOVER, "file", "broken.zip", "application/zip",
                "not a zip".getBytes(StandardCharsets.UTF_8)).error(400, 40000).message()).contains("not a valid zip");
        assertThat(upload(Zips.of(Map.of("README.md", "no skill"))).error(400, 40000).message())
                .isEqualTo("No SKILL.md found in the archive");
        alice.multipart(DISCOVER, "other", null, null, "x".getBytes(StandardCharsets.UTF_8)).error(400, 40000);
        github("https://gitlab.com/acme/tools").error(400, 40000);
        github("https://github.com/acme").error(400, 40000);
        github("ftp://github.com/acme/tools").error(400, 40000);
        github("https://github.com/acme/../tools").error(400, 40000);
        assertThat(github("https://github.com/acme/missing-" + UUID.randomUUID()).error(400, 40000).message())
                .contains("main or master");
        alice.post("/api/v1/skills/import/commit", Map.of("selections", List.of())).error(422, 40000);
    }

    @Test
    void importsFromAGitHubArchiveOnTheRefTheUrlNames() {
        String repo = "tools-" + UUID.randomUUID();
        ArchiveServer.serve("acme", repo, "dev", Zips.of(Map.of(
                repo + "-dev/SKILL.md", "# root skill\n",
                repo + "-dev/extra/SKILL.md", "# extra\n")));
        JsonNode discovered = github("https://github.com/acme/" + repo + ".git/tree/dev/extra").ok();
        assertThat(discovered.path("archive_key").asString()).endsWith("/github.zip");
        assertThat(discovered.path("candidates")).extracting(c -> c.path("relative_path").asString())
                .containsExactly(".", "extra");
        JsonNode root = discovered.path("candidates").get(0);
        assertThat(root.path("requires_name").asBoolean()).isTrue();
        assertThat(root.path("skill_name").isNull()).isTrue();

        JsonNode job = Imports.commit(alice, "skills", discovered.path("archive_key").asString(),
                List.of(Map.of("relative_path", "."), Map.of("relative_path", ".", "name_override", "twice"),
                        Map.of("relative_path", "nowhere")));
        JsonNode items = job.path("result").path("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("error").asString()).contains("name_override is required");
        assertThat(items.get(1).path("error").asString()).contains("nowhere");

        // poco's form post works too (application/x-www-form-urlencoded)
        JsonNode form = alice.sendAs("POST", DISCOVER, "application/x-www-form-urlencoded",
                ("github_url=" + java.net.URLEncoder.encode("https://github.com/acme/" + repo + "/tree/dev",
                        StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)).ok();
        assertThat(form.path("candidates")).hasSize(2);

        JsonNode named = Imports.commit(alice, "skills", discovered.path("archive_key").asString(),
                List.of(Map.of("relative_path", ".", "name_override", "root-skill")));
        int id = named.path("result").path("items").get(0).path("skill_id").asInt();
        JsonNode skill = alice.get("/api/v1/skills/" + id).ok();
        assertThat(skill.path("name").asString()).isEqualTo("root-skill");
        assertThat(skill.path("source").path("kind").asString()).isEqualTo("github");
        assertThat(skill.path("source").path("repo").asString()).isEqualTo("acme/" + repo);
        assertThat(skill.path("source").path("ref").asString()).isEqualTo("dev");
        // the root candidate takes its own files, not those of the skill nested inside it
        assertThat(Zips.read(runner.as(Imports.userId(alice))
                .getBytes("/api/v1/internal/skills/" + id + "/package").body())).containsOnlyKeys("SKILL.md");
    }

    @Test
    void anotherUsersArchiveAndJobAreRefused() {
        JsonNode discovered = upload(Zips.of(Map.of("mine/SKILL.md", "# mine\n"))).ok();
        String archiveKey = discovered.path("archive_key").asString();
        bob.post("/api/v1/skills/import/commit", Map.of("archive_key", archiveKey,
                "selections", List.of(Map.of("relative_path", "mine")))).error(403, 40300);
        bob.post("/api/v1/plugins/import/commit", Map.of("archive_key", archiveKey,
                "selections", List.of(Map.of("relative_path", "mine")))).error(403, 40300);
        alice.post("/api/v1/skills/import/commit", Map.of("archive_key", archiveKey, "selections", List.of()))
                .error(400, 40000);

        String jobId = alice.post("/api/v1/skills/import/commit", Map.of("archive_key", archiveKey,
                "selections", List.of(Map.of("relative_path", "mine")))).ok().path("job_id").asString();
        bob.get("/api/v1/skills/import/jobs/" + jobId).error(403, 40300);
        bob.get("/api/v1/skills/import/jobs/" + UUID.randomUUID()).error(404, 40400);
        bob.get("/api/v1/skills/import/jobs/not-a-uuid").error(422, 40000);
        assertThat(Imports.awaitJob(alice, "skills", jobId).path("status").asString()).isEqualTo("success");
    }

    @Test
    void aJobLeftRunningByARestartIsFailedAndAQueuedOneRuns() {
        String user = Imports.userId(alice);
        JsonNode discovered = upload(Zips.of(Map.of("later/SKILL.md", "# later\n"))).ok();
        UUID running = jdbc.sql("INSERT INTO skill_import_jobs (user_id, archive_key, selections, status, progress,"
                        + " started_at) VALUES (:user, :key, '[]'::jsonb, 'running', 40, now()) RETURNING id")
                .param("user", user).param("key", discovered.path("archive_key").asString())
                .query(UUID.class).single();
        UUID queued = jdbc.sql("INSERT INTO plugin_import_jobs (user_id, archive_key, selections, status, progress)"
                        + " VALUES (:user, 'plugin-imports/none/x.zip', '[{\"relative_path\":\".\"}]'::jsonb,"
                        + " 'queued', 0) RETURNING id")
                .param("user", user).query(UUID.class).single();
        UUID resumable = jdbc.sql("INSERT INTO skill_import_jobs (user_id, archive_key, selections, status, progress)"
                        + " VALUES (:user, :key, '[{\"relative_path\":\"later\"}]'::jsonb, 'queued', 0) RETURNING id")
                .param("user", user).param("key", discovered.path("archive_key").asString())
                .query(UUID.class).single();

        assertThat(jobRunner.recover()).isGreaterThanOrEqualTo(1);

        JsonNode failed = alice.get("/api/v1/skills/import/jobs/" + running).ok();
        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("error").asString()).contains("server stopped");
        assertThat(failed.path("finished_at").isNull()).isFalse();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(alice.get("/api/v1/skills/import/jobs/" + resumable).ok().path("status").asString())
                    .isEqualTo("success");
            JsonNode lost = alice.get("/api/v1/plugins/import/jobs/" + queued).ok();
            assertThat(lost.path("status").asString()).isEqualTo("failed");
            assertThat(lost.path("error").asString()).contains("discover it again");
        });
        assertThat(jdbc.sql("SELECT count(*) FROM skill_import_jobs WHERE user_id = :user AND status = 'running'")
                .param("user", user).query(Integer.class).single()).isZero();
    }

    private Reply upload(byte[] zip) {
        return alice.multipart(DISCOVER, "file", "pack.zip", "application/zip", zip);
    }

    private Reply github(String url) {
        return alice.multipart(DISCOVER, "github_url", null, null, url.getBytes(StandardCharsets.UTF_8));
    }
}
