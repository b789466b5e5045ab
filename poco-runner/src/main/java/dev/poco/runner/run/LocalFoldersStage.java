package dev.poco.runner.run;

import dev.poco.protocol.folders.LocalFolderException;
import dev.poco.protocol.folders.LocalFolderRoots;
import dev.poco.protocol.folders.Worktree;
import dev.poco.protocol.folders.Worktrees;
import dev.poco.protocol.spec.LocalFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares the run's local folders (issue 13, part 5) before the sandbox starts. Every folder is checked again
 * against this runner's own allowed roots ({@code POCO_LOCAL_FOLDERS} here), whatever the server accepted: its real
 * path must lie below one, so a link swapped in since cannot lead out. A read-only folder is bound as it is at {@code
 * /mnt/<name>}. A read-write folder must be a git repository; the session gets a worktree of it on its own branch
 * ({@link Worktrees}, once per session, beside the workspace in the session's directory), bound read-write at {@code
 * /mnt/<name>}, with the repository's {@code .git} read-only at its host path so that git works in the worktree
 * without the agent being able to change the repository's objects, refs or configuration. Anything refused fails the
 * run with {@code /fail}, naming the folder and the reason.
 */
final class LocalFoldersStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(LocalFoldersStage.class);
    /** Directory of the session's worktrees inside its session directory, beside {@code workspace} and {@code home}. */
    static final String FOLDERS_DIR = "folders";

    private final Worktrees worktrees;

    LocalFoldersStage(Worktrees worktrees) {
        this.worktrees = worktrees;
    }

    @Override
    public void run(RunContext ctx) {
        List<LocalFolder> wanted = ctx.spec().localFolders();
        if (wanted.isEmpty()) {
            return;
        }
        LocalFolderRoots roots = ctx.settings().localFolders();
        if (!roots.enabled()) {
            throw fail("This run attaches local folders, but this runner allows none: set "
                    + LocalFolderRoots.VARIABLE + " on the runner's host");
        }
        List<AttachedFolder> attached = new ArrayList<>();
        try {
            for (LocalFolder folder : wanted) {
                Path real = roots.check(folder.path());
                if (folder.mode() == LocalFolder.Mode.RO) {
                    attached.add(new AttachedFolder(folder, real, null));
                    continue;
                }
                Path dir = ctx.workspace().sessionDir().resolve(FOLDERS_DIR).resolve(folder.name());
                Worktree worktree = worktrees.ensure(real, dir, Worktrees.branchFor(ctx.sessionId().toString()));
                log.info("Run {}: {} read-write as worktree {} on {} (from {})", ctx.runId(), real,
                        worktree.worktree(), worktree.branch(), worktree.base());
                attached.add(new AttachedFolder(folder, worktree.worktreePath(), worktree));
            }
        } catch (LocalFolderException e) {
            throw new StageFailure(new RunOutcome.NotStarted("Local folder: " + e.getMessage()), e);
        } catch (RuntimeException e) {
            throw new StageFailure(new RunOutcome.NotStarted("Could not prepare the local folders: "
                    + e.getMessage()), e);
        }
        ctx.folders(attached);
    }

    /**
     * What the sandbox's git needs: a worktree's repository belongs to the runner's user, not to the sandbox's, and
     * git refuses such a repository unless told it is safe (only the command line and global configuration may).
     */
    static Map<String, String> gitEnvironment(List<AttachedFolder> folders) {
        return folders.isEmpty() ? Map.of() : Map.of("GIT_CONFIG_COUNT", "1", "GIT_CONFIG_KEY_0", "safe.directory",
                "GIT_CONFIG_VALUE_0", "*");
    }

    private static StageFailure fail(String message) {
        return new StageFailure(new RunOutcome.NotStarted(message));
    }
}
