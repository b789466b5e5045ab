package dev.poco.server.localfolders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.protocol.folders.HostGit;
import dev.poco.protocol.folders.Worktree;
import dev.poco.protocol.folders.Worktrees;
import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, part 5 at the API: what a task may attach (400 naming the problem otherwise), what the run's snapshot
 * carries to the runner, and the review and merge of a session's worktree on this host, scoped to its owner.
 */
class LocalFolderApiTest extends ApiTest {

    private FakeRunner fake;
    private Path repo;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeRunner(runner);
        repo = Files.createDirectories(LOCAL_FOLDERS.resolve("repo-" + UUID.randomUUID()));
        sh(repo, "git init -q -b main && echo hello > README && git add README && git commit -qm init");
    }

    private Map<String, Object> task(String prompt, Object folders) {
        Map<String, Object> body = fake.task(prompt);
        body.put("config", Map.of("local_folders", folders));
        return body;
    }

    @Test
    void theAllowedRootsAreListed() {
        JsonNode roots = alice.get("/api/v1/local-folders").ok();
        assertThat(roots.path("enabled").asBoolean()).isTrue();
        assertThat(roots.path("roots").get(0).asString()).isEqualTo(LOCAL_FOLDERS.toString());
    }

    @Test
    void badFoldersAreRefusedWithA400NamingTheProblem() throws Exception {
        Path outside = Files.createTempDirectory("poco-outside");
        Path link = LOCAL_FOLDERS.resolve("escape-" + UUID.randomUUID());
        Files.createSymbolicLink(link, outside);

        assertThat(alice.post("/api/v1/tasks", task("x", List.of(Map.of("path", outside.toString(), "mode", "ro"))))
                .error(400, 40000).message()).isEqualTo(outside + " is outside the allowed local folders ("
                        + LOCAL_FOLDERS + ")");
        assertThat(alice.post("/api/v1/tasks", task("x", List.of(Map.of("path", link.toString(), "mode", "ro"))))
                .error(400, 40000).message()).contains("is a link that leads outside the allowed local folders");
        assertThat(alice.post("/api/v1/tasks", task("x", List.of(Map.of("path", repo.toString(), "mode", "rwx"))))
                .error(400, 40000).message()).isEqualTo("Unknown mode \"rwx\" for the local folder " + repo
                        + ": use ro (read-only) or rw (read-write, a git worktree per session).");
        assertThat(alice.post("/api/v1/tasks", task("x", List.of(Map.of("path", repo + "/missing"))))
                .error(400, 40000).message()).isEqualTo(repo + "/missing does not exist");
        assertThat(alice.post("/api/v1/tasks", task("x", "nope")).status()).isEqualTo(422);
    }

    @Test
    void aRunCarriesTheCheckedFoldersAndTheSessionsWorktreeIsReviewedAndMergedByItsOwnerOnly() throws Exception {
        assertThat(alice.post("/api/v1/tasks", task("Edit", List.of(Map.of("path", repo + "/", "mode", "rw"),
                Map.of("path", repo + "/../" + repo.getFileName(), "mode", "ro")))).error(400, 40000).message())
                .isEqualTo("The local folder " + repo + " is attached twice; attach it once, ro or rw.");

        JsonNode task = alice.post("/api/v1/tasks", task("Edit", List.of(Map.of("path", repo + "/", "mode", "RW")))).ok();
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        JsonNode claimed = fake.claim();
        JsonNode stored = claimed.path("run").path("config_snapshot").path("local_folders");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).path("path").asString()).isEqualTo(repo.toString());
        assertThat(stored.get(0).path("mode").asString()).isEqualTo("rw");
        assertThat(stored.get(0).path("name").asString()).isEqualTo(repo.getFileName().toString());
        String name = repo.getFileName().toString();
        assertThat(alice.post("/api/v1/sessions/" + sessionId + "/local-folders/" + name + "/merge", Map.of())
                .error(409, 40000).message()).contains("merge its folder when its run has finished");

        // what the runner's LocalFoldersStage does on this host before the agent starts, and the agent's edit
        JsonNode session = alice.get("/api/v1/sessions/" + sessionId).ok();
        Path dir = WorkspaceLayout.sessionDir(pocoHome().resolve("workspaces"), session.path("user_id").asString(),
                UUID.fromString(sessionId)).resolve("folders").resolve(name);
        Worktree worktree = new Worktrees(new HostGit("git")).ensure(repo, dir, Worktrees.branchFor(sessionId));
        Files.writeString(worktree.worktreePath().resolve("agent.txt"), "written by the agent\n");
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", fake.worker())).ok();
        fake.send(sessionId, runId, Sdk.assistantText("done"));
        fake.complete(sessionId, runId);

        JsonNode folders = alice.get("/api/v1/sessions/" + sessionId + "/local-folders").ok();
        assertThat(folders.get(0).path("branch").asString()).isEqualTo(Worktrees.branchFor(sessionId));
        assertThat(folders.get(0).path("sandbox_path").asString()).isEqualTo("/mnt/" + name);
        JsonNode diff = alice.get("/api/v1/sessions/" + sessionId + "/local-folders/" + name + "/diff").ok();
        assertThat(diff.path("files").get(0).path("path").asString()).isEqualTo("agent.txt");
        assertThat(diff.path("files").get(0).path("status").asString()).isEqualTo("added");
        assertThat(diff.path("diff").asString()).contains("+written by the agent");

        bob.get("/api/v1/sessions/" + sessionId + "/local-folders/" + name + "/diff").error(403, 40300);
        bob.post("/api/v1/sessions/" + sessionId + "/local-folders/" + name + "/merge", Map.of()).error(403, 40300);
        bob.get("/api/v1/sessions/" + sessionId + "/local-folders").error(403, 40300);
        alice.get("/api/v1/sessions/" + sessionId + "/local-folders/other/diff").error(404, 40400);

        Files.writeString(repo.resolve("README"), "dirty\n");
        assertThat(alice.post("/api/v1/sessions/" + sessionId + "/local-folders/" + name + "/merge", Map.of())
                .error(409, 40000).message()).contains("has uncommitted changes on main (README)");
        assertThat(repo.resolve("agent.txt")).doesNotExist();
        sh(repo, "git checkout -q README");

        JsonNode merged = alice.post("/api/v1/sessions/" + sessionId + "/local-folders/" + name + "/merge", Map.of())
                .ok();
        assertThat(merged.path("merged").asBoolean()).isTrue();
        assertThat(repo.resolve("agent.txt")).hasContent("written by the agent");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/local-folders/" + name + "/diff").ok()
                .path("files")).isEmpty();
    }

    static void sh(Path dir, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@t", "GIT_COMMITTER_NAME",
                "t", "GIT_COMMITTER_EMAIL", "t@t"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
