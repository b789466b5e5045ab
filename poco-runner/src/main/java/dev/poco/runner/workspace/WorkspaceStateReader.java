package dev.poco.runner.workspace;

import dev.poco.protocol.AgentState.FileChange;
import dev.poco.protocol.AgentState.WorkspaceState;
import dev.poco.runner.workspace.GitOutput.NumStat;
import dev.poco.runner.workspace.GitOutput.StatusEntry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * poco's WorkspaceHook: the workspace's changes against {@code HEAD}, as {@link WorkspaceState}. Two sandboxes per
 * call, whatever the number of files: one collects remotes, branch, status and both numstats; one collects the diff
 * of every reported file (file names travel on stdin, so no name is ever parsed by a shell or as a pathspec).
 *
 * <p>What is sent is capped: {@value #MAX_FILE_CHANGES} file changes, {@value #MAX_DIFF_CHARS} characters of diff per
 * file (cut with {@link #TRUNCATED_MARKER}), no diff for binary files, {@value #SECTION_CAP} bytes of each git
 * listing. Totals count every change found, including those past the cap.
 */
final class WorkspaceStateReader {

    static final int MAX_FILE_CHANGES = 200;
    static final int MAX_DIFF_CHARS = 20_000;
    static final String TRUNCATED_MARKER = "\n[diff truncated by poco]\n";
    static final int SECTION_CAP = 2 << 20;

    private static final Logger log = LoggerFactory.getLogger(WorkspaceStateReader.class);
    /** Enough bytes to hold more than {@link #MAX_DIFF_CHARS} characters of any encoding, so a cut is detected. */
    private static final int DIFF_BYTES = 4 * MAX_DIFF_CHARS + 1;
    private static final int NOT_A_REPOSITORY = 3;
    private static final int SIGPIPE = 141;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String METADATA_SCRIPT = """
            B=$1
            [ "$(g rev-parse --is-inside-work-tree 2>/dev/null)" = true ] || exit %d
            sec() { "$@" | head -c %d; printf '%%s%%s%%s' "$B" "${PIPESTATUS[0]}" "$B"; }
            sec g config -z --get-regexp '^remote\\..*\\.url$'
            sec g branch --show-current
            sec g status --porcelain=v1 --untracked-files=all -z
            sec g diff --no-ext-diff --no-textconv --numstat -z
            sec g diff --cached --no-ext-diff --no-textconv --numstat -z
            """.formatted(NOT_A_REPOSITORY, SECTION_CAP);

    /**
     * Reads (kind, path, old path) triples from stdin; prints each diff, capped, followed by the boundary. An
     * untracked file ({@code n}) has no diff against {@code HEAD}, so it is compared with {@code /dev/null}: its
     * numstat line ({@code added<TAB>deleted}, {@code -} for binary) comes first, then the diff.
     */
    private static final String DIFF_SCRIPT = """
            B=$1; L=$2
            d() { g --literal-pathspecs diff --no-ext-diff --no-textconv --no-color "$@"; }
            n() { g diff --no-index --no-ext-diff --no-textconv --no-color "$@" -- /dev/null "$p"; }
            while IFS= read -r -d '' k && IFS= read -r -d '' p && IFS= read -r -d '' o; do
              case $k in
                u) d -- "$p" ;;
                c) d --cached -- "$p" ;;
                r) d --cached -M -- "$o" "$p" ;;
                n) n --numstat | head -n 1 | cut -f 1,2; n ;;
              esac 2>/dev/null | head -c "$L"
              printf '%s' "$B"
            done
            """;

    private final SandboxedGit git;
    private final Clock clock;

    WorkspaceStateReader(SandboxedGit git, Clock clock) {
        this.git = git;
        this.clock = clock;
    }

    /** The current changes, or an empty state when the workspace is no repository or git fails; never throws. */
    WorkspaceState read(SessionWorkspace ws) {
        try {
            if (!Files.exists(ws.workspace().resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                return empty();
            }
            return collect(ws);
        } catch (RuntimeException e) {
            log.debug("Workspace state of {} unavailable: {}", ws.workspace(), e.toString());
            return empty();
        }
    }

    WorkspaceState empty() {
        return new WorkspaceState(null, null, 0, 0, List.of(), OffsetDateTime.now(clock));
    }

    private WorkspaceState collect(SessionWorkspace ws) {
        byte[] boundary = boundary();
        SandboxedGit.Result result = git.bash(ws, METADATA_SCRIPT, List.of(text(boundary)), null, 6 * SECTION_CAP);
        List<byte[]> sections = GitOutput.sections(result.stdout(), boundary);
        if (result.exitCode() != 0 || sections.size() < 10) {
            log.debug("No workspace state for {}: exit {}{}, {}", ws.workspace(), result.exitCode(),
                    result.timedOut() ? " (timed out)" : "", result.stderrTail());
            return empty();
        }
        if (!succeeded(sections.get(5))) {
            log.debug("git status failed in {}: {}", ws.workspace(), result.stderrTail());
            return empty();
        }
        String repository = succeeded(sections.get(1)) ? GitOutput.repository(sections.get(0)) : null;
        String branch = succeeded(sections.get(3)) ? GitOutput.branch(sections.get(2)) : null;
        Map<String, NumStat> unstaged = succeeded(sections.get(7)) ? GitOutput.numstat(sections.get(6)) : Map.of();
        Map<String, NumStat> staged = succeeded(sections.get(9)) ? GitOutput.numstat(sections.get(8)) : Map.of();

        List<Pending> all = new ArrayList<>();
        for (StatusEntry entry : GitOutput.status(sections.get(4))) {
            classify(entry, unstaged, staged, all);
        }
        List<Pending> reported = all.subList(0, Math.min(all.size(), MAX_FILE_CHANGES));
        List<Diffed> diffs = diffs(ws, reported);
        int totalAdded = 0;
        int totalDeleted = 0;
        List<FileChange> changes = new ArrayList<>(reported.size());
        for (int i = 0; i < all.size(); i++) {
            // untracked files past the cap are not diffed, so their lines are not known and not counted
            NumStat stat = i < reported.size() ? diffs.get(i).stat() : all.get(i).stat();
            totalAdded = saturatedAdd(totalAdded, stat.added());
            totalDeleted = saturatedAdd(totalDeleted, stat.deleted());
            if (i < reported.size()) {
                Pending change = reported.get(i);
                changes.add(new FileChange(change.path(), change.status(), stat.added(), stat.deleted(),
                        diffs.get(i).diff(), change.oldPath()));
            }
        }
        return new WorkspaceState(repository, branch, totalAdded, totalDeleted, List.copyOf(changes),
                OffsetDateTime.now(clock));
    }

    /**
     * Maps one porcelain entry to poco's statuses: untracked is {@code added}; the index side gives {@code renamed},
     * {@code deleted} or {@code staged} (cached numstat and diff); the worktree side gives {@code modified} or
     * {@code deleted} (unstaged numstat and diff). A file changed on both sides is reported twice, once per side.
     * Unmerged paths are {@code modified}, or {@code deleted} when both sides deleted them.
     */
    static void classify(StatusEntry e, Map<String, NumStat> unstaged, Map<String, NumStat> staged,
            List<Pending> out) {
        char x = e.index();
        char y = e.worktree();
        if (x == '?' && y == '?') {
            // line counts and diff come with the diffs (against /dev/null): git status has no numstat for them
            out.add(new Pending(e, "added", NumStat.NONE, null, Diff.NEW));
            return;
        }
        if (x == '!') {
            return;
        }
        NumStat work = unstaged.getOrDefault(e.path(), NumStat.NONE);
        NumStat cached = staged.getOrDefault(e.path(), NumStat.NONE);
        boolean unmerged = x == 'U' || y == 'U' || (x == 'A' && y == 'A') || (x == 'D' && y == 'D');
        if (unmerged) {
            out.add(x == 'D' && y == 'D' ? new Pending(e, "deleted", work, null, Diff.NONE)
                    : new Pending(e, "modified", work, null, Diff.WORKTREE));
            return;
        }
        switch (x) {
            case 'R' -> out.add(new Pending(e, "renamed", cached, e.oldPath(), Diff.RENAME));
            case 'D' -> out.add(new Pending(e, "deleted", cached, null, Diff.INDEX));
            case 'M', 'A', 'T', 'C' -> out.add(new Pending(e, "staged", cached, null, Diff.INDEX));
            default -> {
                // ' ': nothing staged
            }
        }
        switch (y) {
            case 'M', 'T' -> out.add(new Pending(e, "modified", work, null, Diff.WORKTREE));
            case 'D' -> out.add(new Pending(e, "deleted", work, null, Diff.WORKTREE));
            default -> {
                // ' ': nothing unstaged
            }
        }
    }

    /** The diff of one change and its line counts (from git's numstat; for an untracked file, from its diff). */
    record Diffed(@Nullable String diff, NumStat stat) {}

    /**
     * Diff text and line counts per change, in order; no diff for binary files or when git failed (the counts then
     * stay those of the numstat, zero for an untracked file).
     */
    private List<Diffed> diffs(SessionWorkspace ws, List<Pending> changes) {
        List<Diffed> diffs = new ArrayList<>(changes.size());
        ByteArrayOutputStream requests = new ByteArrayOutputStream();
        List<Integer> requested = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Pending change = changes.get(i);
            diffs.add(new Diffed(null, change.stat()));
            if (change.diff() == Diff.NONE || change.stat().binary()) {
                continue;
            }
            requests.writeBytes(new byte[] {(byte) change.diff().code, 0});
            requests.writeBytes(change.entry().rawPath());
            requests.write(0);
            byte[] old = change.entry().rawOldPath();
            requests.writeBytes(change.diff() == Diff.RENAME && old != null ? old : new byte[0]);
            requests.write(0);
            requested.add(i);
        }
        if (requested.isEmpty()) {
            return diffs;
        }
        byte[] boundary = boundary();
        SandboxedGit.Result result = git.bash(ws, DIFF_SCRIPT,
                List.of(text(boundary), Integer.toString(DIFF_BYTES)), requests.toByteArray(),
                requested.size() * (DIFF_BYTES + boundary.length));
        List<byte[]> texts = GitOutput.sections(result.stdout(), boundary);
        if (texts.size() < requested.size()) {
            log.debug("Diffs in {} incomplete ({} of {}): exit {}, {}", ws.workspace(), texts.size(),
                    requested.size(), result.exitCode(), result.stderrTail());
        }
        for (int j = 0; j < Math.min(texts.size(), requested.size()); j++) {
            int i = requested.get(j);
            diffs.set(i, changes.get(i).diff() == Diff.NEW ? untracked(texts.get(j))
                    : new Diffed(capDiff(texts.get(j)), changes.get(i).stat()));
        }
        return diffs;
    }

    /**
     * An untracked file's section: {@code added<TAB>deleted} (or {@code -<TAB>-} for a binary file), a newline, then
     * its diff against {@code /dev/null}. A section without a readable count gives zero lines and no diff.
     */
    static Diffed untracked(byte[] section) {
        int newline = 0;
        while (newline < section.length && section[newline] != '\n') {
            newline++;
        }
        String[] counts = new String(section, 0, newline, StandardCharsets.US_ASCII).split("\t");
        if (newline == section.length || counts.length != 2) {
            return new Diffed(null, NumStat.NONE);
        }
        if (counts[0].equals("-") && counts[1].equals("-")) {
            return new Diffed(null, new NumStat(0, 0, true));
        }
        try {
            NumStat stat = new NumStat(Integer.parseInt(counts[0]), Integer.parseInt(counts[1]), false);
            return new Diffed(capDiff(java.util.Arrays.copyOfRange(section, newline + 1, section.length)), stat);
        } catch (NumberFormatException e) {
            return new Diffed(null, NumStat.NONE);
        }
    }

    /** At most {@link #MAX_DIFF_CHARS} characters, marker included; {@code null} for an empty diff. */
    static @Nullable String capDiff(byte[] bytes) {
        if (bytes.length == 0) {
            return null;
        }
        String diff = new String(bytes, StandardCharsets.UTF_8);
        if (diff.length() <= MAX_DIFF_CHARS) {
            return diff;
        }
        int cut = MAX_DIFF_CHARS - TRUNCATED_MARKER.length();
        if (Character.isHighSurrogate(diff.charAt(cut - 1))) {
            cut--;
        }
        return diff.substring(0, cut) + TRUNCATED_MARKER;
    }

    private static boolean succeeded(byte[] exitCode) {
        String code = text(exitCode);
        return code.equals("0") || code.equals(Integer.toString(SIGPIPE));
    }

    private static int saturatedAdd(int a, int b) {
        return (int) Math.min((long) a + b, Integer.MAX_VALUE);
    }

    /** A random separator the agent cannot predict, so no file name or diff can fake a section end. */
    private static byte[] boundary() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return ("\n--poco-" + HexFormat.of().formatHex(random) + "--\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /**
     * Which diff a change shows: none, worktree against index, index against HEAD, a rename in the index, or an
     * untracked file against {@code /dev/null}.
     */
    enum Diff {
        NONE('-'), WORKTREE('u'), INDEX('c'), RENAME('r'), NEW('n');

        final char code;

        Diff(char code) {
            this.code = code;
        }
    }

    /** One change before capping and diffing. */
    record Pending(StatusEntry entry, String status, NumStat stat, @Nullable String oldPath, Diff diff) {
        String path() {
            return entry.path();
        }
    }
}
