package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.WorkspaceLayout;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkspaceManagerTest extends WorkspaceTestBase {

    @Test
    void prepareCreatesTheLayoutTheRepositoryTheInitCommitAndTheExcludes() throws Exception {
        SessionWorkspace ws = prepare();

        Path root = scratch.resolve("workspaces").toAbsolutePath().normalize();
        assertThat(ws.sessionDir()).isEqualTo(WorkspaceLayout.sessionDir(root, "user-1", sessionId));
        assertThat(ws.workspace()).isEqualTo(ws.sessionDir().resolve("workspace"));
        assertThat(ws.claudeData()).isEqualTo(ws.workspace().resolve(".claude_data")).isDirectory();
        assertThat(ws.inputs()).isEqualTo(ws.workspace().resolve("inputs")).isDirectory();
        assertThat(ws.home()).isEqualTo(ws.sessionDir().resolve("home")).isDirectory();
        assertThat(Files.getPosixFilePermissions(ws.home())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(ws.sessionDir()))
                .isEqualTo(PosixFilePermissions.fromString("rwx--x--x"));
        assertThat(hostGit(ws.workspace(), "log", "--format=%s")).isEqualTo("poco:init\n");
        assertThat(hostGit(ws.workspace(), "branch", "--show-current")).isEqualTo("main\n");
        assertThat(hostGit(ws.workspace(), "config", "--local", "user.name")).isEqualTo("poco\n");
        assertThat(hostGit(ws.workspace(), "config", "--local", "user.email")).isEqualTo("poco@localhost\n");
        assertThat(hostGit(ws.workspace(), "config", "--local", "commit.gpgsign")).isEqualTo("false\n");
        assertThat(excludeLines(ws)).containsSubsequence(WorkspaceManager.EXCLUDES);
    }

    @Test
    void prepareIsIdempotentAndLeavesLaterChangesUncommitted() throws Exception {
        SessionWorkspace first = prepare();
        write(first.workspace().resolve("notes.md"), "draft\n");
        Files.writeString(first.workspace().resolve(".git/info/exclude"), "custom-pattern", // no final newline
                java.nio.file.StandardOpenOption.APPEND);

        SessionWorkspace second = prepare();
        prepare();

        assertThat(second).isEqualTo(first);
        assertThat(hostGit(first.workspace(), "log", "--format=%s")).isEqualTo("poco:init\n");
        assertThat(hostGit(first.workspace(), "status", "--porcelain")).isEqualTo("?? notes.md\n");
        List<String> lines = excludeLines(first);
        for (String pattern : WorkspaceManager.EXCLUDES) {
            assertThat(lines).as(pattern).containsOnlyOnce(pattern);
        }
        assertThat(lines).contains("custom-pattern");
    }

    @Test
    void prepareCommitsFilesAlreadyThereInTheInitCommit() throws Exception {
        SessionWorkspace ws = manager.layout("user-1", sessionId);
        write(ws.workspace().resolve("README.md"), "hello\n");
        write(ws.claudeData().resolve("CLAUDE.md"), "memory\n");

        prepare();

        assertThat(hostGit(ws.workspace(), "ls-tree", "-r", "--name-only", "HEAD")).isEqualTo("README.md\n");
    }

    @Test
    void prepareReplacesLinksPlantedAtClaudeDataAndInputs() throws Exception {
        SessionWorkspace ws = prepare();
        Path outside = Files.createDirectories(scratch.resolve("outside"));
        Files.delete(ws.inputs());
        Files.createSymbolicLink(ws.inputs(), outside);
        Files.delete(ws.claudeData());
        Files.writeString(ws.claudeData(), "not a directory");

        prepare();

        assertThat(Files.isDirectory(ws.inputs(), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isDirectory(ws.claudeData(), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void baseAndResultTagsPointAtTheRunsCommits() throws Exception {
        SessionWorkspace ws = prepare();
        write(ws.workspace().resolve("before.txt"), "uploaded between runs\n");
        UUID run = UUID.randomUUID();

        manager.snapshotBase(ws, run);
        String base = hostGit(ws.workspace(), "rev-parse", "HEAD").strip();
        write(ws.workspace().resolve("src/App.java"), "class App {}\n");
        Files.writeString(ws.workspace().resolve("before.txt"), "changed by the agent\n");
        manager.snapshotResult(ws, run, "completed");

        String result = hostGit(ws.workspace(), "rev-parse", "HEAD").strip();
        assertThat(hostGit(ws.workspace(), "rev-parse", WorkspaceManager.baseTag(run)).strip()).isEqualTo(base);
        assertThat(hostGit(ws.workspace(), "rev-parse", WorkspaceManager.resultTag(run)).strip()).isEqualTo(result);
        assertThat(hostGit(ws.workspace(), "log", "--format=%s", "-1", base)).isEqualTo("poco:pre-run " + run + "\n");
        assertThat(hostGit(ws.workspace(), "log", "--format=%s", "-1", result))
                .isEqualTo("poco:run " + run + " completed\n");
        assertThat(hostGit(ws.workspace(), "rev-parse", result + "^").strip()).isEqualTo(base);
        assertThat(hostGit(ws.workspace(), "diff", "--name-status", base, result))
                .isEqualTo("M\tbefore.txt\nA\tsrc/App.java\n");
        assertThat(hostGit(ws.workspace(), "log", "--format=%an <%ae>", "-1", result))
                .isEqualTo("poco <poco@localhost>\n");
    }

    @Test
    void baseWithoutPendingChangesTagsHeadAndResultWithoutChangesIsAnEmptyCommit() throws Exception {
        SessionWorkspace ws = prepare();
        String init = hostGit(ws.workspace(), "rev-parse", "HEAD").strip();
        UUID run = UUID.randomUUID();

        manager.snapshotBase(ws, run);
        manager.snapshotResult(ws, run, "failed TimeoutError:\n  took\ttoo long");

        assertThat(hostGit(ws.workspace(), "rev-parse", WorkspaceManager.baseTag(run)).strip()).isEqualTo(init);
        assertThat(hostGit(ws.workspace(), "log", "--format=%s", "-1", WorkspaceManager.resultTag(run)))
                .isEqualTo("poco:run " + run + " failed TimeoutError: took too long\n");
        assertThat(hostGit(ws.workspace(), "rev-parse", WorkspaceManager.resultTag(run) + "^").strip())
                .isEqualTo(init);
    }

    @Test
    void aSecondRunMovesBaseToThePreviousResult() throws Exception {
        SessionWorkspace ws = prepare();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        manager.snapshotBase(ws, first);
        write(ws.workspace().resolve("a.txt"), "1\n");
        manager.snapshotResult(ws, first, "completed");

        manager.snapshotBase(ws, second);

        assertThat(hostGit(ws.workspace(), "rev-parse", WorkspaceManager.baseTag(second)))
                .isEqualTo(hostGit(ws.workspace(), "rev-parse", WorkspaceManager.resultTag(first)));
    }

    @Test
    void prepareRunDoesPrepareAndBaseInOneGoForNewAndReusedWorkspaces() throws Exception {
        UUID first = UUID.randomUUID();
        SessionWorkspace ws = manager.prepareRun("user-1", sessionId, first);
        assertThat(hostGit(ws.workspace(), "log", "--format=%s").strip()).isEqualTo("poco:init");
        assertThat(hostGit(ws.workspace(), "rev-parse", WorkspaceManager.baseTag(first)).strip())
                .isEqualTo(hostGit(ws.workspace(), "rev-parse", "HEAD").strip());
        assertThat(Files.readString(ws.workspace().resolve(".git/info/exclude"))).contains(".claude_data/");

        write(ws.workspace().resolve("between.txt"), "edited between runs\n");
        UUID second = UUID.randomUUID();
        manager.prepareRun("user-1", sessionId, second);
        assertThat(hostGit(ws.workspace(), "log", "-1", "--format=%s").strip()).isEqualTo("poco:pre-run " + second);
        assertThat(hostGit(ws.workspace(), "rev-parse", WorkspaceManager.baseTag(second)).strip())
                .isEqualTo(hostGit(ws.workspace(), "rev-parse", "HEAD").strip());
        assertThat(hostGit(ws.workspace(), "log", "--format=%s").lines()).hasSize(2);
    }

    @Test
    void claudeDataAndInputsAreNeverCommittedEvenWithoutTheExcludeFile() throws Exception {
        SessionWorkspace ws = prepare();
        UUID run = UUID.randomUUID();
        manager.snapshotBase(ws, run);
        write(ws.claudeData().resolve("skills/x/SKILL.md"), "skill\n");
        write(ws.claudeData().resolve("projects/transcript.jsonl"), "{}\n");
        write(ws.inputs().resolve("upload.csv"), "a,b\n");
        write(ws.workspace().resolve("node_modules/lib/index.js"), "x\n");
        write(ws.workspace().resolve("out.txt"), "result\n");
        manager.snapshotResult(ws, run, "completed");
        // The agent may empty the exclude file; the snapshot still leaves both directories out.
        Files.writeString(ws.workspace().resolve(".git/info/exclude"), "");
        write(ws.inputs().resolve("second.csv"), "c\n");
        write(ws.claudeData().resolve("CLAUDE.md"), "memory\n");
        UUID next = UUID.randomUUID();
        manager.snapshotBase(ws, next);
        manager.snapshotResult(ws, next, "completed");

        assertThat(hostGit(ws.workspace(), "ls-tree", "-r", "--name-only", WorkspaceManager.resultTag(run)))
                .isEqualTo("out.txt\n");
        assertThat(hostGit(ws.workspace(), "ls-tree", "-r", "--name-only", WorkspaceManager.resultTag(next)))
                .doesNotContain(".claude_data", "inputs/");
    }

    @Test
    void aStaleIndexLockFromAKilledGitDoesNotBlockTheSnapshot() throws Exception {
        SessionWorkspace ws = prepare();
        Files.writeString(ws.workspace().resolve(".git/index.lock"), "");
        write(ws.workspace().resolve("a.txt"), "a\n");
        UUID run = UUID.randomUUID();

        manager.snapshotResult(ws, run, "completed");

        assertThat(hostGit(ws.workspace(), "ls-tree", "-r", "--name-only", WorkspaceManager.resultTag(run)))
                .isEqualTo("a.txt\n");
    }

    @Test
    void aFailingGitCommandBecomesAWorkspaceExceptionWithItsStderr() throws Exception {
        SessionWorkspace ws = prepare();
        UUID run = UUID.randomUUID();
        // A ref "below" the tag name makes the tag impossible to create.
        write(ws.workspace().resolve(".git/refs/tags/" + WorkspaceManager.baseTag(run) + "/x"),
                hostGit(ws.workspace(), "rev-parse", "HEAD"));

        assertThatThrownBy(() -> manager.snapshotBase(ws, run))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageStartingWith("git base snapshot failed in " + ws.workspace())
                .hasMessageContaining("poco/run/" + run + "/base");
    }

    @Test
    void aGitCommandRunningPastTheTimeoutIsStoppedAndReported() throws Exception {
        WorkspaceManager impatient = new WorkspaceManager(scratch.resolve("workspaces"), driver, Duration.ofSeconds(2));
        SessionWorkspace ws = impatient.prepare("user-1", sessionId);
        write(ws.workspace().resolve(".gitattributes"), "*.slow filter=slow\n");
        hostGit(ws.workspace(), "config", "filter.slow.clean", "sleep 120");
        write(ws.workspace().resolve("data.slow"), "x\n");

        assertThatThrownBy(() -> impatient.snapshotResult(ws, UUID.randomUUID(), "completed"))
                .isInstanceOf(WorkspaceException.class)
                .hasMessageContaining("timed out after 2 s in " + ws.workspace());
    }

    private static List<String> excludeLines(SessionWorkspace ws) throws Exception {
        return Arrays.asList(Files.readString(ws.workspace().resolve(".git/info/exclude")).split("\n"));
    }
}
