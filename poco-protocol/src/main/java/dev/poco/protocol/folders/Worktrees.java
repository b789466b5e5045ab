package dev.poco.protocol.folders;

import dev.poco.protocol.folders.LocalFolderException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import tools.jackson.databind.json.JsonMapper;

/**
 * The git worktree of a read-write folder, one per session on its own branch ({@code poco/<session-short-id>}), so
 * that parallel sessions on one repository never write over each other (issue 13, part 5).
 *
 * <ul>
 *   <li>{@link #ensure}: the runner, before the sandbox starts, creates it once per session from the branch the main
 *       checkout has checked out, refusing a checkout with uncommitted changes, and records it in a file beside the
 *       worktree ({@link Worktree}).</li>
 *   <li>{@link #diff}: the session's changes (commits on its branch and pending edits, new files too) against where
 *       its branch left the base.</li>
 *   <li>{@link #merge}: commits pending edits on the session's branch and merges the branch into the base in the main
 *       checkout. A main checkout that is dirty or on another branch, and a merge that would conflict, are refused
 *       before anything changes; should git's merge still fail, everything is put back as it was.</li>
 * </ul>
 *
 * Every call names {@code --git-dir} and {@code --work-tree}: the worktree's own {@code .git} file is the agent's to
 * rewrite and is never read. Pending edits are staged in a throwaway index, so the worktree's index is left to the
 * agent until a merge moves its branch.
 */
public final class Worktrees {

    /** Longest unified diff {@link #diff} returns. */
    public static final int MAX_DIFF_CHARS = 1 << 20;
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final HostGit git;

    public Worktrees(HostGit git) {
        this.git = git;
    }

    /** The session's branch for a session id: {@code poco/} and the id's first 8 characters. */
    public static String branchFor(String sessionId) {
        String compact = sessionId.replace("-", "");
        return "poco/" + compact.substring(0, Math.min(8, compact.length()));
    }

    /** The record beside a worktree directory: {@code <dir>.json}. */
    public static Path recordFile(Path worktreeDir) {
        return worktreeDir.resolveSibling(worktreeDir.getFileName() + ".json");
    }

    /** The worktree recorded for {@code worktreeDir}, if the runner made one. */
    public static Optional<Worktree> read(Path worktreeDir) {
        Path record = recordFile(worktreeDir);
        if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonMapper.shared().readValue(Files.readString(record), Worktree.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + record, e);
        }
    }

    /**
     * The session's worktree of {@code repository} at {@code worktreeDir}: the recorded one, or a new one on {@code
     * branch} from the main checkout's current branch.
     *
     * @param repository the repository's real path, already checked against the allowed roots
     * @throws LocalFolderException when the folder is no git repository (or only a worktree or submodule of one), its
     *     checkout is on no branch or has no commit, has uncommitted changes, or the branch exists already
     */
    public Worktree ensure(Path repository, Path worktreeDir, String branch) {
        Optional<Worktree> recorded = read(worktreeDir);
        if (recorded.isPresent()) {
            Worktree w = recorded.get();
            if (!w.repositoryPath().equals(repository)) {
                throw new LocalFolderException(Kind.CONFLICT, "This session's folder \"" + worktreeDir.getFileName()
                        + "\" is a worktree of " + w.repository() + ", not of " + repository + ": attach "
                        + repository + " in a new session");
            }
            if (!Files.isDirectory(w.worktreePath(), LinkOption.NOFOLLOW_LINKS)
                    || !Files.isDirectory(w.gitDirPath(), LinkOption.NOFOLLOW_LINKS)) {
                throw new LocalFolderException(Kind.CONFLICT, "The session's worktree of " + repository + " is gone ("
                        + w.worktree() + "); was it removed with git worktree remove or prune?");
            }
            return w;
        }
        Path common = repository.resolve(".git");
        if (Files.isRegularFile(common, LinkOption.NOFOLLOW_LINKS)) {
            throw new LocalFolderException(Kind.INVALID, repository + " is itself a git worktree or submodule (its .git"
                    + " is a file): attach the main repository read-write, or this folder read-only");
        }
        if (!Files.isDirectory(common, LinkOption.NOFOLLOW_LINKS)) {
            throw new LocalFolderException(Kind.INVALID, repository + " is not a git repository: a read-write folder"
                    + " must be one, so that each session works on a worktree of its own; attach it read-only, or"
                    + " run git init there and commit");
        }
        ReentrantLock lock = LOCKS.computeIfAbsent(repository, p -> new ReentrantLock());
        lock.lock();
        try {
            String base = currentBranch(repository);
            HostGit.Result head = main(repository, "rev-parse", "--verify", "--quiet", "HEAD^{commit}");
            if (!head.ok()) {
                throw new LocalFolderException(Kind.INVALID, repository + " has no commit yet on " + base
                        + ": commit something first, the session's worktree starts from it");
            }
            requireClean(repository, base, "commit or stash them first: the session's worktree starts from the last"
                    + " commit of " + base);
            if (main(repository, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch).ok()) {
                throw new LocalFolderException(Kind.CONFLICT, repository + " has a branch " + branch + " already;"
                        + " delete or rename it, the session works on a branch of that name");
            }
            Files.createDirectories(worktreeDir.getParent());
            HostGit.Result added = main(repository, "worktree", "add", "--quiet", "-b", branch,
                    worktreeDir.toString(), base);
            if (!added.ok()) {
                throw new LocalFolderException(Kind.CONFLICT, "Could not create the session's worktree of " + repository
                        + ": " + added.said());
            }
            // Read now, before any sandbox could touch the worktree's .git file.
            String pointer = Files.readString(worktreeDir.resolve(".git"), StandardCharsets.UTF_8).strip();
            if (!pointer.startsWith("gitdir: ")) {
                throw new IllegalStateException("unexpected .git file in " + worktreeDir + ": " + pointer);
            }
            Worktree w = new Worktree(repository.toString(), worktreeDir.toString(),
                    pointer.substring("gitdir: ".length()), branch, base, head.line());
            Path record = recordFile(worktreeDir);
            Path temp = record.resolveSibling(record.getFileName() + ".tmp");
            Files.writeString(temp, JsonMapper.shared().writeValueAsString(w), StandardCharsets.UTF_8);
            Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the worktree of " + repository + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The session's changes against its base, committed and pending. */
    public WorktreeDiff diff(Worktree w) {
        String mergeBase = mergeBase(w);
        String tree = snapshotTree(w);
        HostGit.Result patch = session(w, "diff", "--no-ext-diff", "--no-textconv", "--no-color", "--binary",
                "-M", mergeBase, tree);
        HostGit.Result numstat = session(w, "diff", "--no-ext-diff", "--no-textconv", "--numstat", "-z", "-M",
                mergeBase, tree);
        HostGit.Result status = session(w, "diff", "--no-ext-diff", "--no-textconv", "--name-status", "-z", "-M",
                mergeBase, tree);
        for (HostGit.Result r : List.of(patch, numstat, status)) {
            if (!r.ok()) {
                throw new LocalFolderException(Kind.CONFLICT, "git could not diff the session's worktree of "
                        + w.repository() + ": " + r.said());
            }
        }
        List<WorktreeDiff.FileChange> files = files(status.out(), numstat.out());
        String text = patch.out();
        boolean truncated = text.length() > MAX_DIFF_CHARS;
        return new WorktreeDiff(w.branch(), w.base(), mergeBase, files,
                truncated ? text.substring(0, MAX_DIFF_CHARS) : text, truncated);
    }

    /**
     * Commits the worktree's pending edits on the session's branch and merges the branch into the base branch of the
     * main checkout.
     *
     * @param message the merge commit's message
     * @throws LocalFolderException ({@link Kind#CONFLICT}) when the main checkout is on another branch or has
     *     uncommitted changes, or the merge would conflict; nothing has changed then
     */
    public WorktreeMerge merge(Worktree w, String message) {
        Path repository = w.repositoryPath();
        ReentrantLock lock = LOCKS.computeIfAbsent(repository, p -> new ReentrantLock());
        lock.lock();
        try {
            String checkedOut = currentBranch(repository);
            if (!checkedOut.equals(w.base())) {
                throw new LocalFolderException(Kind.CONFLICT, repository + " has " + checkedOut + " checked out:"
                        + " check out " + w.base() + " there to merge the session's branch " + w.branch()
                        + " into it");
            }
            requireClean(repository, w.base(), "commit or stash them, then merge again");
            String head = must(session(w, "rev-parse", "--verify", "HEAD^{commit}"), w, "read the session's branch");
            String tree = snapshotTree(w);
            String headTree = must(session(w, "rev-parse", "HEAD^{tree}"), w, "read the session's branch");
            String sessionCommit = tree.equals(headTree) ? head : must(session(w, "commit-tree", tree, "-p", head,
                    "-m", "Poco session work on " + w.branch()), w, "commit the pending changes");
            String baseRef = "refs/heads/" + w.base();
            if (main(repository, "merge-base", "--is-ancestor", sessionCommit, baseRef).ok()) {
                String at = must(main(repository, "rev-parse", baseRef), w, "read " + w.base());
                moveBranch(w, sessionCommit, head);
                return new WorktreeMerge(false, w.branch(), w.base(), at, sessionCommit);
            }
            HostGit.Result trial = main(repository, "merge-tree", "--write-tree", "--name-only", "--no-messages",
                    baseRef, sessionCommit);
            if (trial.exit() == 1) {
                List<String> conflicts = trial.out().lines().skip(1).filter(l -> !l.isBlank()).distinct().toList();
                throw new LocalFolderException(Kind.CONFLICT, "Merging " + w.branch() + " into " + w.base()
                        + " would conflict in " + String.join(", ", conflicts) + ": resolve it in " + repository
                        + " (git merge " + w.branch() + ") or ask the agent to rework those files");
            }
            if (!trial.ok()) {
                throw new LocalFolderException(Kind.CONFLICT, "git could not try the merge of " + w.branch() + ": "
                        + trial.said());
            }
            moveBranch(w, sessionCommit, head);
            HostGit.Result merged = main(repository, "merge", "--no-ff", "--no-stat", "--no-edit", "-m", message,
                    "refs/heads/" + w.branch());
            if (!merged.ok()) {
                if (main(repository, "rev-parse", "--verify", "--quiet", "MERGE_HEAD").ok()) {
                    main(repository, "merge", "--abort");
                }
                moveBranch(w, head, sessionCommit);
                throw new LocalFolderException(Kind.CONFLICT, "git could not merge " + w.branch() + " into "
                        + w.base() + ", nothing was changed: " + merged.said());
            }
            String commit = must(main(repository, "rev-parse", "HEAD"), w, "read the merge");
            return new WorktreeMerge(true, w.branch(), w.base(), commit, sessionCommit);
        } finally {
            lock.unlock();
        }
    }

    /** Points the session's branch at {@code to} (from {@code from}) and its worktree's index with it. */
    private void moveBranch(Worktree w, String to, String from) {
        if (to.equals(from)) {
            return;
        }
        must(session(w, "update-ref", "-m", "poco: session work", "refs/heads/" + w.branch(), to, from), w,
                "move the session's branch");
        must(session(w, "read-tree", to), w, "update the worktree's index");
    }

    private String mergeBase(Worktree w) {
        HostGit.Result base = session(w, "merge-base", "refs/heads/" + w.base(), "HEAD");
        return base.ok() ? base.line() : w.baseCommit();
    }

    /** The tree of the worktree as it is, pending and new files included, staged in a throwaway index. */
    private String snapshotTree(Worktree w) {
        Path index = null;
        try {
            index = Files.createTempFile("poco-worktree-index", "");
            Files.delete(index); // git writes a fresh one
            Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
            must(git.run(w.gitDirPath(), env, sessionArgs(w, "read-tree", "HEAD")), w, "read the session's branch");
            must(git.run(w.gitDirPath(), env, sessionArgs(w, "add", "--all")), w,
                    "stage the pending changes");
            return must(git.run(w.gitDirPath(), env, sessionArgs(w, "write-tree")), w, "write the pending changes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (index != null) {
                try {
                    Files.deleteIfExists(index);
                    Files.deleteIfExists(index.resolveSibling(index.getFileName() + ".lock"));
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private String currentBranch(Path repository) {
        HostGit.Result branch = main(repository, "symbolic-ref", "--quiet", "--short", "HEAD");
        if (!branch.ok()) {
            throw new LocalFolderException(Kind.CONFLICT, repository + " is on no branch (a detached HEAD): check"
                    + " out the branch the session should start from and merge into");
        }
        return branch.line();
    }

    private void requireClean(Path repository, String base, String what) {
        HostGit.Result status = main(repository, "status", "--porcelain", "--untracked-files=no",
                "--ignore-submodules=all");
        if (!status.ok()) {
            throw new LocalFolderException(Kind.CONFLICT, "git could not read the state of " + repository + ": "
                    + status.said());
        }
        if (!status.out().isBlank()) {
            List<String> paths = status.out().lines().map(l -> l.length() > 3 ? l.substring(3) : l).limit(5).toList();
            throw new LocalFolderException(Kind.CONFLICT, repository + " has uncommitted changes on " + base + " ("
                    + String.join(", ", paths) + (status.out().lines().count() > 5 ? ", …" : "") + "): " + what);
        }
    }

    private HostGit.Result main(Path repository, String... args) {
        List<String> argv = new ArrayList<>(List.of("-C", repository.toString(),
                "--git-dir=" + repository.resolve(".git"), "--work-tree=" + repository));
        argv.addAll(List.of(args));
        return git.run(repository.resolve(".git"), Map.of(), argv);
    }

    private HostGit.Result session(Worktree w, String... args) {
        return git.run(w.gitDirPath(), Map.of(), sessionArgs(w, args));
    }

    private static List<String> sessionArgs(Worktree w, String... args) {
        List<String> argv = new ArrayList<>(List.of("-C", w.worktree(), "--git-dir=" + w.gitDir(),
                "--work-tree=" + w.worktree()));
        argv.addAll(List.of(args));
        return argv;
    }

    private static String must(HostGit.Result result, Worktree w, String what) {
        if (!result.ok()) {
            throw new LocalFolderException(Kind.CONFLICT, "git could not " + what + " in the session's worktree of "
                    + w.repository() + ": " + result.said());
        }
        return result.line();
    }

    /** Pairs {@code --name-status -z} with {@code --numstat -z} output, in order. */
    static List<WorktreeDiff.FileChange> files(String nameStatus, String numstat) {
        List<String> status = List.of(nameStatus.split("\0"));
        List<String[]> counts = new ArrayList<>();
        String[] numParts = numstat.split("\0");
        for (int i = 0; i < numParts.length; i++) {
            String part = numParts[i];
            if (part.isEmpty()) {
                continue;
            }
            String[] fields = part.split("\t", 3);
            if (fields.length == 3 && fields[2].isEmpty() && i + 2 < numParts.length) {
                // a rename: "add\tdel\t" then the old and the new path
                counts.add(new String[] {fields[0], fields[1], numParts[i + 2]});
                i += 2;
            } else if (fields.length == 3) {
                counts.add(fields);
            }
        }
        List<WorktreeDiff.FileChange> files = new ArrayList<>();
        int c = 0;
        for (int i = 0; i < status.size(); i++) {
            String code = status.get(i);
            if (code.isEmpty()) {
                continue;
            }
            String path;
            if (code.startsWith("R") || code.startsWith("C")) {
                path = i + 2 < status.size() ? status.get(i + 2) : "";
                i += 2;
            } else {
                path = i + 1 < status.size() ? status.get(i + 1) : "";
                i += 1;
            }
            String kind = switch (code.charAt(0)) {
                case 'A' -> "added";
                case 'M' -> "modified";
                case 'D' -> "deleted";
                case 'R' -> "renamed";
                default -> "changed";
            };
            int additions = -1;
            int deletions = -1;
            if (c < counts.size()) {
                String[] n = counts.get(c++);
                additions = n[0].equals("-") ? -1 : Integer.parseInt(n[0]);
                deletions = n[1].equals("-") ? -1 : Integer.parseInt(n[1]);
            }
            files.add(new WorktreeDiff.FileChange(path, kind, additions, deletions));
        }
        return files;
    }
}
