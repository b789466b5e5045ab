/**
 * Callbacks: {@code POST /callback} and the batch {@code POST /callbacks} (runner token required), one step of a run
 * stored exactly as poco does (§3.5): the message, its tool calls, usage, agent state, session and run status (the
 * last two through {@code runs.RunLifecycle}). Idempotent per (run_id, seq) ({@code run_callback_receipts});
 * callbacks for canceled sessions or finished runs are acknowledged and dropped.
 * <ul>
 * <li>routes: {@code CallbackController}; service: {@code CallbackService}; no API: nothing depends on it.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"common", "messages", "runs", "sessions", "tools", "usage"})
@NullMarked
package dev.poco.server.callbacks;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
