package dev.poco.protocol.folders;

import java.util.List;

/**
 * What a session changed in its worktree against the base branch: committed and pending changes alike, new files
 * included, from where the branch left the base.
 *
 * @param files one entry per changed path
 * @param diff the unified diff, cut at {@link Worktrees#MAX_DIFF_CHARS}
 * @param truncated whether {@code diff} was cut
 */
public record WorktreeDiff(String branch, String base, String mergeBase, List<FileChange> files, String diff,
        boolean truncated) {

    /**
     * @param status {@code added}, {@code modified}, {@code deleted}, {@code renamed} or {@code changed}
     * @param additions lines added; -1 for a binary file
     * @param deletions lines deleted; -1 for a binary file
     */
    public record FileChange(String path, String status, int additions, int deletions) {}
}
