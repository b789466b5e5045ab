/**
 * The session event log ({@code session_events}): every change to a session is appended here, in the transaction
 * that makes the change, with a per-session id without gaps, and announced on the {@code session_events} NOTIFY
 * channel after commit. Readers (the SSE streams in {@code stream}) replay from the table and follow the channel, so
 * any server replica can serve any client.
 * <ul>
 * <li>no routes (see {@code stream}); API: {@link dev.poco.server.events.SessionEvents} (append, read).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"common"})
@NullMarked
package dev.poco.server.events;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
