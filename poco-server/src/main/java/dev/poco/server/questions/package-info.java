/**
 * Questions to the user (poco's {@code user_input_requests}): the agent's AskUserQuestion and ExitPlanMode,
 * waiting for the user. Runners create them and long-poll for the answer; users list and answer them. Pending
 * requests expire (60 s by default, 10 min for plans) lazily on read and eagerly by a sweeper, so streams see
 * {@code question.closed} on time.
 * <ul>
 * <li>routes: {@code GET /user-input-requests}, {@code POST /user-input-requests/{id}/answer}, and for runners
 * {@code POST /internal/user-input-requests}, {@code GET /internal/user-input-requests/{id}}
 * ({@code UserInputController});</li>
 * <li>service: {@link dev.poco.server.questions.UserInputService}; repository: {@code UserInputRepository};</li>
 * <li>events: out, {@code question.opened} and {@code question.closed} in the session log, NOTIFY
 * {@code user_input_requests}; in, {@code runs.RunAbandoned} (expire the session's pending questions);</li>
 * <li>API: {@code UserInputService}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "events", "runs", "sessions"})
@NullMarked
package dev.poco.server.questions;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
