/**
 * The run queue (poco's {@code agent_runs}): enqueue, claim with {@code FOR UPDATE SKIP LOCKED}
 * and one active run per session, start, heartbeat, fail, cancel, and the reaper that requeues
 * expired claims and fails runs whose runner went silent. Waiting runners are woken through
 * PostgreSQL NOTIFY, so a queued run is claimed within milliseconds on any replica.
 */
@NullMarked
package dev.poco.server.runs;

import org.jspecify.annotations.NullMarked;
