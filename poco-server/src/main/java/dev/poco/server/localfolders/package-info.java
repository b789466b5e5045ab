/**
 * Local folders (issue 13, part 5; poco added local mounts and git worktree strategies after the reference revision):
 * the host directories an admin allows ({@code POCO_LOCAL_FOLDERS}, {@code LocalFolderProperties}), the check of what
 * a task attaches ({@code LocalFolders}, used by {@code tasks} when it builds the session's config; the run's snapshot
 * carries the checked folders to the runner), and the review of a session's read-write folder: its worktree's diff
 * and its merge into the base branch ({@code LocalFolderReviews}).
 * <ul>
 * <li>routes: {@code GET /local-folders}, {@code GET /sessions/{id}/local-folders},
 * {@code GET /sessions/{id}/local-folders/{name}/diff}, {@code POST /sessions/{id}/local-folders/{name}/merge}
 * ({@code LocalFolderController});</li>
 * <li>no table, no events; the worktree is on the runner's host, in the session's directory under
 * {@code POCO_WORKSPACES_ROOT}, which this server reads only when the runner shares its host (the embedded runner
 * of the default {@code all} role);</li>
 * <li>API: {@code LocalFolders}, {@code LocalFolderProperties}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "sessions", "workspace"})
@NullMarked
package dev.poco.server.localfolders;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
