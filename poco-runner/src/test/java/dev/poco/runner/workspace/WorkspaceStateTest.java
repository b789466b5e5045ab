package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.poco.protocol.AgentState.FileChange;
import dev.poco.protocol.AgentState.WorkspaceState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkspaceStateTest extends WorkspaceTestBase {

    @Test
    void reportsAddedModifiedDeletedRenamedAndStagedChangesWithLineCountsAndDiffs() throws Exception {
        SessionWorkspace ws = prepare();
        Path dir = ws.workspace();
        write(dir.resolve("mod.txt"), "a\nb\nc\n");
        write(dir.resolve("del.txt"), "1\n2\n");
        write(dir.resolve("old.txt"), "w\nx\ny\nz\n");
        write(dir.resolve("st.txt"), "s\n");
        UUID run = UUID.randomUUID();
        manager.snapshotBase(ws, run);

        write(dir.resolve("new.txt"), "n1\nn2\n");
        write(dir.resolve("mod.txt"), "a\nB\nc\nd\n");
        Files.delete(dir.resolve("del.txt"));
        hostGit(dir, "mv", "old.txt", "renamed.txt");
        write(dir.resolve("st.txt"), "s\nt\nu\n");
        hostGit(dir, "add", "st.txt");
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);

        WorkspaceState state = manager.state(ws);

        assertThat(state.branch()).isEqualTo("main");
        assertThat(state.repository()).isNull();
        assertThat(state.fileChanges())
                .extracting(FileChange::path, FileChange::status, FileChange::addedLines, FileChange::deletedLines,
                        FileChange::oldPath)
                .containsExactly(
                        tuple("del.txt", "deleted", 0, 2, null),
                        tuple("mod.txt", "modified", 2, 1, null),
                        tuple("renamed.txt", "renamed", 0, 0, "old.txt"),
                        tuple("st.txt", "staged", 2, 0, null),
                        tuple("new.txt", "added", 2, 0, null));
        assertThat(state.totalAddedLines()).isEqualTo(6);
        assertThat(state.totalDeletedLines()).isEqualTo(3);
        assertThat(change(state, "mod.txt").diff()).contains("--- a/mod.txt", "-b\n+B\n", "+d\n");
        assertThat(change(state, "st.txt").diff()).contains("+t\n+u\n");
        assertThat(change(state, "del.txt").diff()).contains("deleted file mode", "-1\n-2\n");
        assertThat(change(state, "renamed.txt").diff()).contains("rename from old.txt", "rename to renamed.txt");
        assertThat(change(state, "new.txt").diff()).contains("new file mode", "+n1\n+n2\n");
        assertThat(state.lastChange()).isAfter(before).isBefore(OffsetDateTime.now().plusSeconds(1));
    }

    @Test
    void aFileChangedInIndexAndWorktreeIsReportedOncePerSide() throws Exception {
        SessionWorkspace ws = prepare();
        write(ws.workspace().resolve("f.txt"), "1\n");
        manager.snapshotBase(ws, UUID.randomUUID());
        write(ws.workspace().resolve("f.txt"), "1\n2\n");
        hostGit(ws.workspace(), "add", "f.txt");
        write(ws.workspace().resolve("f.txt"), "1\n2\n3\n4\n");

        WorkspaceState state = manager.state(ws);

        assertThat(state.fileChanges()).extracting(FileChange::status, FileChange::addedLines)
                .containsExactly(tuple("staged", 1), tuple("modified", 2));
        assertThat(state.fileChanges().get(0).diff()).contains("+2\n").doesNotContain("+3");
        assertThat(state.fileChanges().get(1).diff()).contains("+3\n+4\n");
    }

    @Test
    void namesThatLookLikeOptionsPathspecMagicOrUnicodeGetTheirOwnDiff() throws Exception {
        SessionWorkspace ws = prepare();
        String[] names = {"-rf", ":(top)magic", "sp ace.txt", "ünïcödé.txt", "quote\"and'.txt", "*"};
        for (String name : names) {
            write(ws.workspace().resolve(name), "old\n");
        }
        manager.snapshotBase(ws, UUID.randomUUID());
        for (String name : names) {
            write(ws.workspace().resolve(name), "new " + name + "\n");
        }

        WorkspaceState state = manager.state(ws);

        assertThat(state.fileChanges()).hasSize(names.length);
        for (String name : names) {
            assertThat(change(state, name).diff()).as(name).contains("-old\n+new " + name + "\n")
                    .containsOnlyOnce("diff --git");
        }
    }

    @Test
    void binaryFilesHaveNoDiffAndNoLineCounts() throws Exception {
        SessionWorkspace ws = prepare();
        Files.write(ws.workspace().resolve("image.bin"), new byte[] {0, 1, 2, 3});
        manager.snapshotBase(ws, UUID.randomUUID());
        Files.write(ws.workspace().resolve("image.bin"), new byte[] {0, 9, 9, 9, 9});

        FileChange change = change(manager.state(ws), "image.bin");

        assertThat(change.status()).isEqualTo("modified");
        assertThat(change.diff()).isNull();
        assertThat(change.addedLines()).isZero();
        assertThat(change.deletedLines()).isZero();
    }

    @Test
    void capsTheNumberOfFilesAndTheDiffOfEachFile() throws Exception {
        SessionWorkspace ws = prepare();
        write(ws.workspace().resolve("aaa-big.txt"), "start\n");
        manager.snapshotBase(ws, UUID.randomUUID());
        write(ws.workspace().resolve("aaa-big.txt"), IntStream.range(0, 10_000).mapToObj(i -> "line " + i)
                .collect(Collectors.joining("\n", "", "\n")));
        for (int i = 0; i < 250; i++) {
            write(ws.workspace().resolve("many/f" + i + ".txt"), "x\n");
        }

        WorkspaceState state = manager.state(ws);

        assertThat(state.fileChanges()).hasSize(WorkspaceStateReader.MAX_FILE_CHANGES);
        FileChange big = change(state, "aaa-big.txt");
        assertThat(big.addedLines()).isEqualTo(10_000);
        assertThat(big.deletedLines()).isEqualTo(1);
        assertThat(big.diff()).hasSize(WorkspaceStateReader.MAX_DIFF_CHARS)
                .startsWith("diff --git a/aaa-big.txt b/aaa-big.txt")
                .endsWith(WorkspaceStateReader.TRUNCATED_MARKER);
        assertThat(state.totalAddedLines()).as("the big file and the 199 new files reported (1 line each)")
                .isEqualTo(10_199);
    }

    @Test
    void newFilesCountTheirLinesAndShowTheirContentAsADiff() throws Exception {
        SessionWorkspace ws = prepare();
        manager.snapshotBase(ws, UUID.randomUUID());
        write(ws.workspace().resolve("-n.txt"), "a\nb\nc\n");
        write(ws.workspace().resolve("dir/no-newline.txt"), "x\ny");
        write(ws.workspace().resolve("empty.txt"), "");
        Files.write(ws.workspace().resolve("blob.bin"), new byte[] {0, 1, 2, 0});

        WorkspaceState state = manager.state(ws);

        assertThat(state.fileChanges())
                .extracting(FileChange::path, FileChange::status, FileChange::addedLines, FileChange::deletedLines)
                .containsExactlyInAnyOrder(tuple("-n.txt", "added", 3, 0), tuple("dir/no-newline.txt", "added", 2, 0),
                        tuple("empty.txt", "added", 0, 0), tuple("blob.bin", "added", 0, 0));
        assertThat(change(state, "-n.txt").diff()).contains("+a\n+b\n+c\n").containsOnlyOnce("diff --git");
        assertThat(change(state, "blob.bin").diff()).as("no diff for a binary file").isNull();
        assertThat(state.totalAddedLines()).isEqualTo(5);
        assertThat(state.totalDeletedLines()).isZero();
    }

    @Test
    void repositoryIsOriginThenUpstreamThenTheFirstRemoteWithoutCredentials() throws Exception {
        SessionWorkspace ws = prepare();
        hostGit(ws.workspace(), "remote", "add", "zz", "git@example.com:zz/repo.git");
        assertThat(manager.state(ws).repository()).isEqualTo("git@example.com:zz/repo.git");
        hostGit(ws.workspace(), "remote", "add", "upstream", "https://example.com/up/repo.git");
        assertThat(manager.state(ws).repository()).isEqualTo("https://example.com/up/repo.git");
        hostGit(ws.workspace(), "remote", "add", "origin", "https://x-access-token:ghp_secret@github.com/acme/app.git");

        assertThat(manager.state(ws).repository()).isEqualTo("https://github.com/acme/app.git");
    }

    @Test
    void aCleanRepositoryHasBranchAndNoChanges() throws Exception {
        SessionWorkspace ws = prepare();
        hostGit(ws.workspace(), "checkout", "-q", "-b", "feature/x");

        WorkspaceState state = manager.state(ws);

        assertThat(state.branch()).isEqualTo("feature/x");
        assertThat(state.fileChanges()).isEmpty();
        assertThat(state.totalAddedLines()).isZero();
    }

    @Test
    void aWorkspaceThatIsNoRepositoryOrIsBrokenGivesAnEmptyState() throws Exception {
        SessionWorkspace missing = manager.layout("user-1", UUID.randomUUID());
        assertEmpty(manager.state(missing));

        SessionWorkspace plain = manager.layout("user-1", UUID.randomUUID());
        Files.createDirectories(plain.home());
        write(plain.workspace().resolve("a.txt"), "a\n");
        assertEmpty(manager.state(plain));

        write(plain.workspace().resolve(".git"), "gitdir: /nowhere\n");
        assertEmpty(manager.state(plain));
    }

    @Test
    void aGitThatHangsGivesAnEmptyStateWithinTheTimeout() throws Exception {
        WorkspaceManager impatient = new WorkspaceManager(scratch.resolve("workspaces"), driver, Duration.ofSeconds(2));
        SessionWorkspace ws = impatient.prepare("user-1", sessionId);
        write(ws.workspace().resolve(".gitattributes"), "*.slow filter=slow\n");
        hostGit(ws.workspace(), "config", "filter.slow.clean", "sleep 120");
        write(ws.workspace().resolve("data.slow"), "x\n");
        hostGit(ws.workspace(), "-c", "filter.slow.clean=cat", "add", "data.slow");
        write(ws.workspace().resolve("data.slow"), "y\n"); // status must run the clean filter to compare

        WorkspaceState state = impatient.state(ws);

        // had git not been stopped, the filter would have finished after 120 s and git status would list the file
        assertEmpty(state);
    }

    private static void assertEmpty(WorkspaceState state) {
        assertThat(state.fileChanges()).isEmpty();
        assertThat(state.repository()).isNull();
        assertThat(state.branch()).isNull();
        assertThat(state.totalAddedLines()).isZero();
        assertThat(state.totalDeletedLines()).isZero();
        assertThat(state.lastChange()).isNotNull();
    }

    private static FileChange change(WorkspaceState state, String path) {
        return state.fileChanges().stream().filter(c -> c.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no change for " + path + " in " + state.fileChanges()));
    }
}
