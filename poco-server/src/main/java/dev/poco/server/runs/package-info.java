/**
 * Runs (poco's {@code agent_runs}): the queue and the life of a run.
 * <ul>
 * <li>routes: {@code POST /runs/claim} (long-poll, {@code FOR UPDATE SKIP LOCKED}, one active run per session),
 * {@code /runs/{id}/start|fail|heartbeat}, {@code GET /runs/{id}/watch}, {@code GET /runs/{id}},
 * {@code GET /runs/session/{id}} ({@code RunController});</li>
 * <li>status policy: {@link dev.poco.server.runs.RunLifecycle}, the one owner of run status and of the session
 * status derived from it (transition table, enqueue, claim, start, fail, callbacks, cancel, lease expiry);</li>
 * <li>service: {@link dev.poco.server.runs.RunService} (claim loop, watch, reads), {@code RunReaper} (expired claims
 * back to the queue, silent runs failed); repository: {@code RunRepository};</li>
 * <li>events: out, {@code run.updated} in the session log, NOTIFY {@code runs_queued} and {@code run_control}
 * (waiting runners on any replica wake within milliseconds), {@link dev.poco.server.runs.RunAbandoned} through the
 * event publication registry (to tools and questions), {@link dev.poco.server.runs.ScheduledRunChanged} synchronously
 * in the changing transaction (to schedules, for a scheduled task's last-run summary);</li>
 * <li>API: {@code Run}, {@code RunLifecycle}, {@code RunService}, {@code RunAbandoned}, {@code RunProperties},
 * {@code ScheduledRunChanged}.</li>
 * </ul>
 */
@NullMarked
package dev.poco.server.runs;

import org.jspecify.annotations.NullMarked;
