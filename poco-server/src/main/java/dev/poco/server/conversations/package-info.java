/**
 * Conversations: what a user does to a session's history and its work. It sits above sessions, messages, runs,
 * tools and questions, which all depend on sessions, so these commands cannot live in {@code sessions} without a
 * cycle.
 * <ul>
 * <li>routes: {@code POST /sessions/{id}/cancel}, {@code DELETE /sessions/{id}}, {@code POST /sessions/{id}/branch},
 * {@code /regenerate}, {@code /edit-message} ({@code SessionCommandController});
 * {@code GET /sessions/{id}/messages-with-files[/delta]}, {@code /message-attachments} ({@code ConversationController});</li>
 * <li>services: {@code ConversationService} (cancel, delete, regenerate, edit; status moves through
 * {@code runs.RunLifecycle}), {@code SessionBranchService} (branch);</li>
 * <li>no table, no events of its own; API: {@code UserRunCancellation} (cancel all of a user's tasks, for the
 * accounts module when an admin disables a user).</li>
 * </ul>
 */
@NullMarked
package dev.poco.server.conversations;

import org.jspecify.annotations.NullMarked;
