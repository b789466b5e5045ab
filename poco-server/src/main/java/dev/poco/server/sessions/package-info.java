/**
 * Sessions (poco's {@code agent_sessions}): one conversation with the agent, its status, config snapshot, latest
 * agent state and SDK session id.
 * <ul>
 * <li>routes: {@code POST/GET /sessions}, {@code GET/PATCH /sessions/{id}}, {@code GET /sessions/{id}/state}
 * ({@code SessionController});</li>
 * <li>service: {@link dev.poco.server.sessions.SessionService}, the access check every session-scoped endpoint
 * relies on, and every write of the row, as a {@link dev.poco.server.sessions.SessionPatch}. Sharing (issue 17 part 5):
 * {@code requireReadable} lets members of the session's project read, {@code requireEditable} lets its editors
 * change it, {@code require} (delete, and any endpoint not yet sorted) keeps to the session's and the project's
 * owner; a member refused gets a 403 naming their role, anyone else the answer they got before sharing;</li>
 * <li>repository: {@code SessionRepository}, the only code that names the columns;</li>
 * <li>events: out, {@code session.updated}, {@code state.updated}, {@code session.deleted} in the session log; in,
 * {@code projects.ProjectDeleted} (through the event publication registry: detach the project's sessions);</li>
 * <li>API: {@code Session}, {@code SessionPatch}, {@code SessionService}, {@code SessionStatus}, {@code SessionView},
 * {@code TaskConfig}, {@code InputFile}.</li>
 * </ul>
 * Which status a session gets is decided by {@code runs.RunLifecycle}; the higher features (runs, callbacks, tasks,
 * conversations) write sessions only through this package's service.
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "events", "network", "projects"})
@NullMarked
package dev.poco.server.sessions;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
