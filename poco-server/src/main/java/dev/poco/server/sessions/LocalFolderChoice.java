package dev.poco.server.sessions;

import org.jspecify.annotations.Nullable;

/**
 * A host folder a task attaches (issue 13, part 5; ours, not poco's): {@code path} below one of the server's allowed
 * roots ({@code POCO_LOCAL_FOLDERS}), {@code mode} {@code ro} (default) or {@code rw} (a git repository; the session
 * works on a worktree of it on its own branch). {@code localfolders.LocalFolders} checks it.
 */
public record LocalFolderChoice(@Nullable String path, @Nullable String mode) {}
