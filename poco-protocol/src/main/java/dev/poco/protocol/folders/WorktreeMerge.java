package dev.poco.protocol.folders;

/**
 * What a merge did.
 *
 * @param merged false when there was nothing to merge (the base has everything the session's branch has)
 * @param commit the base branch's commit afterwards
 * @param sessionCommit the session branch's commit that was merged (pending changes committed first)
 */
public record WorktreeMerge(boolean merged, String branch, String base, String commit, String sessionCommit) {}
