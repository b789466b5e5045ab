package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.poco.runner.workspace.GitOutput.NumStat;
import dev.poco.runner.workspace.GitOutput.StatusEntry;
import dev.poco.runner.workspace.WorkspaceStateReader.Pending;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitOutputTest {

    @Test
    void statusParsesRenamesAndDropsATruncatedTail() {
        List<StatusEntry> entries = GitOutput.status(bytes("R  new name.txt\0old.txt\0 M a\0?? b\0MM c\0?? cut-of"));

        assertThat(entries).extracting(StatusEntry::index, StatusEntry::worktree, StatusEntry::path,
                StatusEntry::oldPath).containsExactly(
                        tuple('R', ' ', "new name.txt", "old.txt"),
                        tuple(' ', 'M', "a", null),
                        tuple('?', '?', "b", null),
                        tuple('M', 'M', "c", null));
    }

    @Test
    void numstatParsesRenamesBinariesAndGarbage() {
        Map<String, NumStat> stats = GitOutput.numstat(bytes("3\t1\ta.txt\0-\t-\timg.png\0"
                + "0\t0\t\0old.txt\0new.txt\0junk\0" + "99999999999\t2\thuge\0"));

        assertThat(stats).containsExactly(
                Map.entry("a.txt", new NumStat(3, 1, false)),
                Map.entry("img.png", new NumStat(0, 0, true)),
                Map.entry("new.txt", new NumStat(0, 0, false)),
                Map.entry("huge", new NumStat(Integer.MAX_VALUE, 2, false)));
    }

    @Test
    void repositoryPrefersOriginThenUpstreamAndStripsHttpCredentials() {
        assertThat(GitOutput.repository(bytes("remote.a.url\nssh://git@host/a\0remote.upstream.url\nhttps://u\0")))
                .isEqualTo("https://u");
        assertThat(GitOutput.repository(bytes("remote.my.dotted.url\nHTTPS://tok@h/x\0"))).isEqualTo("HTTPS://h/x");
        assertThat(GitOutput.repository(bytes("remote.b.url\nssh://git@host/b\0remote.origin.url\n"
                + "https://user:pw@github.com/o/r.git\0"))).isEqualTo("https://github.com/o/r.git");
        assertThat(GitOutput.repository(bytes(""))).isNull();
    }

    @Test
    void branchIsNullWhenDetached() {
        assertThat(GitOutput.branch(bytes("main\n"))).isEqualTo("main");
        assertThat(GitOutput.branch(bytes(""))).isNull();
    }

    @Test
    void sectionsSplitAtTheBoundaryAndIgnoreAnUnfinishedLastPiece() {
        byte[] boundary = bytes("|B|");

        assertThat(GitOutput.sections(bytes("one|B|0|B||B|1|B|partial"), boundary))
                .extracting(b -> new String(b, StandardCharsets.UTF_8))
                .containsExactly("one", "0", "", "1");
    }

    @Test
    void classifyMapsPorcelainCodesToPocoStatuses() {
        Map<String, NumStat> unstaged = Map.of("f", new NumStat(1, 2, false));
        Map<String, NumStat> staged = Map.of("f", new NumStat(3, 4, false));
        List<Pending> out = new ArrayList<>();

        for (String xy : List.of("??", "!!", " M", "M ", "A ", " D", "D ", "AD", "UU", "DD", " T")) {
            WorkspaceStateReader.classify(new StatusEntry(xy.charAt(0), xy.charAt(1), "f", bytes("f"), null, null),
                    unstaged, staged, out);
        }

        assertThat(out).extracting(Pending::status, p -> p.stat().added()).containsExactly(
                tuple("added", 0), tuple("modified", 1), tuple("staged", 3), tuple("staged", 3),
                tuple("deleted", 1), tuple("deleted", 3), tuple("staged", 3), tuple("deleted", 1),
                tuple("modified", 1), tuple("deleted", 1), tuple("modified", 1));
    }

    @Test
    void anUntrackedFileSectionGivesItsLineCountsThenItsDiff() {
        var text = WorkspaceStateReader.untracked(bytes("3\t0\ndiff --git a/n b/n\n+a\n+b\n+c\n"));
        assertThat(text.stat()).isEqualTo(new NumStat(3, 0, false));
        assertThat(text.diff()).isEqualTo("diff --git a/n b/n\n+a\n+b\n+c\n");
        var binary = WorkspaceStateReader.untracked(bytes("-\t-\nBinary files /dev/null and b/x differ\n"));
        assertThat(binary.stat()).isEqualTo(new NumStat(0, 0, true));
        assertThat(binary.diff()).isNull();
        for (String broken : new String[] {"", "diff --git a/e b/e\nnew file mode 100644\n", "x\ty\n+a\n", "7"}) {
            var none = WorkspaceStateReader.untracked(bytes(broken));
            assertThat(none.stat()).as(broken).isEqualTo(NumStat.NONE);
            assertThat(none.diff()).as(broken).isNull();
        }
    }

    @Test
    void capDiffKeepsShortDiffsAndCutsLongOnesWithTheMarker() {
        assertThat(WorkspaceStateReader.capDiff(new byte[0])).isNull();
        assertThat(WorkspaceStateReader.capDiff(bytes("small"))).isEqualTo("small");
        String cut = WorkspaceStateReader.capDiff(bytes("é".repeat(30_000)));
        assertThat(cut).hasSize(WorkspaceStateReader.MAX_DIFF_CHARS).endsWith(WorkspaceStateReader.TRUNCATED_MARKER);
    }

    @Test
    void safeNameKeepsOrdinaryNames() {
        assertThat(InputStager.safeName("Report 2024-01_final.PDF")).isEqualTo("Report 2024-01_final.PDF");
        assertThat(InputStager.safeName(".env")).isEqualTo(".env");
        assertThat(InputStager.safeName("...")).isEqualTo("file");
        assertThat(InputStager.safeName("")).isEqualTo("file");
        assertThat(InputStager.safeName("dir/")).isEqualTo("dir");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
