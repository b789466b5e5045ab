/**
 * Projects ({@code projects}): named groups of sessions, optionally tied to a GitHub repository whose URL, branch and
 * token variable become defaults of new tasks, and optionally a network for their sandboxes
 * ({@code network.NetworkConfig}, between a task's own choice and the server default). Soft-deleted.
 * <ul>
 * <li>routes: {@code /projects} CRUD ({@code ProjectController}); service: {@code ProjectService}; repository:
 * {@code ProjectRepository};</li>
 * <li>events: out, {@link dev.poco.server.projects.ProjectDeleted} through the event publication registry
 * (sessions detach themselves);</li>
 * <li>API: {@code Project}, {@code ProjectService}, {@code ProjectView}, {@code ProjectDeleted}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "network"})
@NullMarked
package dev.poco.server.projects;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
