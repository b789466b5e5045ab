package dev.poco.runner.run;

import dev.poco.protocol.folders.Worktree;
import dev.poco.protocol.spec.LocalFolder;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * A local folder as {@link LocalFoldersStage} prepared it for the sandbox.
 *
 * @param folder what the run asked for (its name gives {@code /mnt/<name>})
 * @param host the directory bound at {@code /mnt/<name>}: the folder itself (read-only), or the session's worktree
 * @param worktree the session's worktree of a read-write folder; null for a read-only one
 */
record AttachedFolder(LocalFolder folder, Path host, @Nullable Worktree worktree) {

    boolean writable() {
        return worktree != null;
    }
}
