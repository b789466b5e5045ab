/**
 * Sessions (poco's {@code agent_sessions}): one conversation with the agent, its status, config
 * snapshot, latest agent state and SDK session id. Owns the ownership check every
 * session-scoped endpoint relies on ({@link dev.poco.server.sessions.SessionService#require}).
 * Higher features (tasks, runs, callbacks) change sessions through its service.
 */
@NullMarked
package dev.poco.server.sessions;

import org.jspecify.annotations.NullMarked;
