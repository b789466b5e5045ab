/**
 * The progress callback ({@code POST /callback}, runner token required): one step of a run, stored
 * exactly as poco does (§3.5): the message, its tool calls, usage, agent state, session and run
 * status. Idempotent per (run_id, seq); callbacks for canceled sessions or finished runs are
 * acknowledged and dropped.
 */
@NullMarked
package dev.poco.server.callbacks;

import org.jspecify.annotations.NullMarked;
