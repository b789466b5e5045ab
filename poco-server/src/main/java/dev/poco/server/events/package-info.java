/**
 * The session event log: every change to a session is appended here, in the transaction that makes
 * the change, with a per-session id without gaps, and announced on the {@code session_events}
 * NOTIFY channel after commit. Readers (the SSE streams) replay from the table and follow the
 * channel, so any server replica can serve any client.
 */
@NullMarked
package dev.poco.server.events;

import org.jspecify.annotations.NullMarked;
