package dev.poco.protocol.folders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real git: worktrees per session, their diff, and merges that either succeed whole or change nothing. */
class WorktreesTest {

    @TempDir
    Path tmp;

    private final HostGit git = new HostGit("git");
    private final Worktrees worktrees = new Worktrees(git);
    private Path repo;

    @BeforeEach
    void repository() throws Exception {
        repo = Files.createDirectories(tmp.resolve("repo")).toRealPath();
        sh(repo, "git init -q -b main && echo hello > README && git add README && git commit -qm init");
    }

    static String sh(Path dir, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_AUTHOR_NAME", "t");
        builder.environment().put("GIT_AUTHOR_EMAIL", "t@t");
        builder.environment().put("GIT_COMMITTER_NAME", "t");
        builder.environment().put("GIT_COMMITTER_EMAIL", "t@t");
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        return out.strip();
    }

    @Test
    void twoSessionsGetTheirOwnBranchesAndBothMerge() throws Exception {
        Worktree a = worktrees.ensure(repo, tmp.resolve("s1/folders/repo"), Worktrees.branchFor("aaaaaaaa-1111"));
        Worktree b = worktrees.ensure(repo, tmp.resolve("s2/folders/repo"), Worktrees.branchFor("bbbbbbbb-2222"));
        assertThat(a.branch()).isEqualTo("poco/aaaaaaaa");
        assertThat(b.gitDir()).isNotEqualTo(a.gitDir());
        assertThat(worktrees.ensure(repo, tmp.resolve("s1/folders/repo"), "poco/aaaaaaaa")).isEqualTo(a);

        Files.writeString(a.worktreePath().resolve("a.txt"), "from a\n");
        Files.writeString(b.worktreePath().resolve("b.txt"), "from b\n");
        Files.writeString(b.worktreePath().resolve("README"), "hello\nb was here\n");

        WorktreeDiff diffB = worktrees.diff(b);
        assertThat(diffB.files()).extracting(WorktreeDiff.FileChange::path).containsExactlyInAnyOrder("README",
                "b.txt");
        assertThat(diffB.files()).filteredOn(f -> f.path().equals("b.txt")).singleElement()
                .satisfies(f -> assertThat(f.status()).isEqualTo("added"));
        assertThat(diffB.diff()).contains("+from b").contains("+b was here");

        assertThat(worktrees.merge(a, "Merge session a").merged()).isTrue();
        assertThat(worktrees.merge(b, "Merge session b").merged()).isTrue();
        assertThat(repo.resolve("a.txt")).hasContent("from a");
        assertThat(repo.resolve("b.txt")).hasContent("from b");
        assertThat(sh(repo, "git status --porcelain")).isEmpty();
        assertThat(sh(repo, "git log --first-parent --format=%s -n 2")).contains("Merge session b").contains("Merge session a");
        assertThat(worktrees.diff(a).files()).isEmpty();
        assertThat(worktrees.merge(a, "again").merged()).isFalse();
    }

    @Test
    void aDirtyBaseIsRefusedAtCreationAndAtMergeAndAConflictChangesNothing() throws Exception {
        Files.writeString(repo.resolve("README"), "dirty\n");
        assertThatThrownBy(() -> worktrees.ensure(repo, tmp.resolve("s1/folders/repo"), "poco/s1"))
                .isInstanceOf(LocalFolderException.class)
                .hasMessageContaining("has uncommitted changes on main (README)");
        assertThat(tmp.resolve("s1/folders/repo")).doesNotExist();
        sh(repo, "git checkout -q README");

        Worktree w = worktrees.ensure(repo, tmp.resolve("s1/folders/repo"), "poco/s1");
        Files.writeString(w.worktreePath().resolve("README"), "session\n");
        Files.writeString(repo.resolve("README"), "dirty again\n");
        assertThatThrownBy(() -> worktrees.merge(w, "m")).hasMessageContaining("has uncommitted changes on main");

        sh(repo, "git commit -qam 'base moved'");
        String before = sh(repo, "git rev-parse HEAD");
        String branchBefore = sh(repo, "git rev-parse poco/s1");
        assertThatThrownBy(() -> worktrees.merge(w, "m")).isInstanceOf(LocalFolderException.class)
                .satisfies(e -> assertThat(((LocalFolderException) e).kind())
                        .isEqualTo(LocalFolderException.Kind.CONFLICT))
                .hasMessageContaining("would conflict in README");
        assertThat(sh(repo, "git rev-parse HEAD")).isEqualTo(before);
        assertThat(sh(repo, "git rev-parse poco/s1")).isEqualTo(branchBefore);
        assertThat(repo.resolve("README")).hasContent("dirty again");
        assertThat(w.worktreePath().resolve("README")).hasContent("session");
    }

    @Test
    void aFolderThatIsNoRepositoryOrOnlyAWorktreeIsRefused() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> worktrees.ensure(plain, tmp.resolve("s/folders/plain"), "poco/x"))
                .hasMessageContaining("is not a git repository");
        Worktree w = worktrees.ensure(repo, tmp.resolve("s/folders/repo"), "poco/x");
        assertThatThrownBy(() -> worktrees.ensure(w.worktreePath(), tmp.resolve("t/folders/repo"), "poco/y"))
                .hasMessageContaining("is itself a git worktree");
    }

    @Test
    void aFilterTheRepositoryConfiguresNeverRunsOnTheHost() throws Exception {
        Path marker = tmp.resolve("ran");
        sh(repo, "git config filter.evil.clean 'touch " + marker + "; cat' && git config filter.evil.smudge 'touch "
                + marker + "; cat'");
        Worktree w = worktrees.ensure(repo, tmp.resolve("s/folders/repo"), "poco/x");
        Files.writeString(w.worktreePath().resolve(".gitattributes"), "* filter=evil\n");
        Files.writeString(w.worktreePath().resolve("new.txt"), "x\n");

        worktrees.diff(w);
        worktrees.merge(w, "merge");

        assertThat(marker).doesNotExist();
        assertThat(repo.resolve("new.txt")).hasContent("x");
    }
}
