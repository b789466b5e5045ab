package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, part 5, the acceptance: a read-only folder cannot be written from the sandbox, and two sessions on one
 * read-write repository work on separate worktrees and both diffs merge. The whole product: API, embedded runner, the
 * real CLI in bubblewrap, review and merge over HTTP.
 */
class LocalFoldersTest extends EndToEndTest {

    private Path repo;
    private String name;

    @BeforeEach
    void repository() throws Exception {
        name = "repo-" + UUID.randomUUID().toString().substring(0, 8);
        repo = Files.createDirectories(LOCAL_FOLDERS.resolve(name));
        sh(repo, "git init -q -b main && echo hello > README && git add README && git commit -qm init");
    }

    private static String lastToolResult(int requestCount) {
        RecordedRequest request = MODEL.awaitMessageRequests(requestCount, Duration.ofSeconds(30)).get(requestCount - 1);
        return request.toolResultContent(request.toolResultIds().getLast()).orElseThrow();
    }

    private String runInFolder(String mode, String script) {
        MODEL.enqueue(Reply.bash(script, "work in the folder"), Reply.text("Done."));
        String sessionId = task(alice, Map.of("prompt", "Work in the folder", "config", Map.of("local_folders",
                List.of(Map.of("path", repo.toString(), "mode", mode))))).path("session_id").asString();
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        return sessionId;
    }

    @Test
    void aReadOnlyFolderCannotBeWrittenFromTheSandbox() throws Exception {
        int before = MODEL.messageRequests().size();
        runInFolder("ro", "cat /mnt/" + name + "/README; echo changed > /mnt/" + name + "/README; touch /mnt/" + name
                + "/new; ls /mnt/" + name);

        assertThat(lastToolResult(before + 2)).contains("hello").contains("Read-only file system");
        assertThat(repo.resolve("README")).hasContent("hello");
        assertThat(repo.resolve("new")).doesNotExist();
    }

    @Test
    void twoSessionsOnOneRepositoryWorkOnSeparateWorktreesAndBothDiffsMerge() throws Exception {
        int before = MODEL.messageRequests().size();
        String first = runInFolder("rw", "cd /mnt/" + name + " && echo one > one.txt && git status --short");
        assertThat(lastToolResult(before + 2)).contains("?? one.txt");
        String second = runInFolder("rw", "cd /mnt/" + name + " && echo two > two.txt && git status --short");
        assertThat(lastToolResult(before + 4)).contains("?? two.txt").doesNotContain("one.txt");
        assertThat(repo.resolve("one.txt")).doesNotExist();

        String base = "/api/v1/sessions/";
        JsonNode folders = alice.get(base + first + "/local-folders").ok();
        JsonNode others = alice.get(base + second + "/local-folders").ok();
        assertThat(folders.get(0).path("branch").asString()).isNotEqualTo(others.get(0).path("branch").asString());
        assertThat(alice.get(base + first + "/local-folders/" + name + "/diff").ok().path("files").get(0).path("path")
                .asString()).isEqualTo("one.txt");
        assertThat(alice.get(base + second + "/local-folders/" + name + "/diff").ok().path("diff").asString())
                .contains("+two");
        assertThat(bob.post(base + first + "/local-folders/" + name + "/merge", Map.of()).status()).isEqualTo(403);

        assertThat(alice.post(base + first + "/local-folders/" + name + "/merge", Map.of()).ok().path("merged")
                .asBoolean()).isTrue();
        assertThat(alice.post(base + second + "/local-folders/" + name + "/merge", Map.of()).ok().path("merged")
                .asBoolean()).isTrue();
        assertThat(repo.resolve("one.txt")).hasContent("one");
        assertThat(repo.resolve("two.txt")).hasContent("two");
    }

    @Test
    void aPathOutsideTheAllowedFoldersIsRefusedAtTheApi() throws Exception {
        Path outside = Files.createTempDirectory("poco-outside");
        var reply = alice.post("/api/v1/tasks", Map.of("prompt", "x", "config", Map.of("local_folders",
                List.of(Map.of("path", outside.toString(), "mode", "ro")))));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.message()).isEqualTo(outside + " is outside the allowed local folders (" + LOCAL_FOLDERS
                + ")");
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
