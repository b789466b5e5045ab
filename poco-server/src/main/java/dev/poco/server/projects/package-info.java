/**
 * Projects ({@code projects}): named groups of sessions, optionally tied to a GitHub repository whose URL, branch and
 * token variable become defaults of new tasks, and optionally a network for their sandboxes
 * ({@code network.NetworkConfig}, between a task's own choice and the server default). Soft-deleted.
 * <ul>
 * <li>routes: {@code /projects} CRUD ({@code ProjectController}); service: {@code ProjectService}; repository:
 * {@code ProjectRepository};</li>
 * <li>sharing (issue 17 part 5): {@code /projects/{id}/members} ({@code ProjectMemberController},
 * {@code ProjectMembers}, table {@code project_members}, V52): the owner shares with viewers and editors
 * ({@link dev.poco.server.projects.ProjectRole}); {@code ProjectService.roleOf} is what the sessions feature asks
 * before letting a member read or change a session of the project; names come from
 * {@link dev.poco.server.auth.UserDirectory};</li>
 * <li>events: out, {@link dev.poco.server.projects.ProjectDeleted} through the event publication registry
 * (sessions detach themselves);</li>
 * <li>API: {@code Project}, {@code ProjectService}, {@code ProjectView}, {@code ProjectDeleted},
 * {@code ProjectRole}, {@code ProjectMembers}, {@code ProjectMemberView}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "network"})
@NullMarked
package dev.poco.server.projects;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
