/**
 * Local folders (issue 13, part 5), the rules both sides apply: which host directories may be attached ({@link
 * dev.poco.protocol.folders.LocalFolderRoots}, {@code POCO_LOCAL_FOLDERS}), and the host-side git of a read-write
 * folder's per-session worktree ({@link dev.poco.protocol.folders.Worktrees}: created by the runner before the sandbox
 * starts, reviewed and merged by the server on the same host), run through {@link dev.poco.protocol.folders.HostGit}
 * with hooks, host configuration and configured filters off.
 */
@NullMarked
package dev.poco.protocol.folders;

import org.jspecify.annotations.NullMarked;
