/**
 * Messages (poco's {@code agent_messages}): the user's prompts and every serialized SDK message a run reports,
 * stored verbatim with a text preview. Ids increase across the database, which poco's delta polling relies on.
 * <ul>
 * <li>routes: {@code GET /messages/{id}}, {@code GET /sessions/{id}/messages} ({@code MessageController});</li>
 * <li>service: {@link dev.poco.server.messages.MessageService}; repository: {@code MessageRepository};</li>
 * <li>events: out, {@code message.created} and {@code messages.deleted} in the session log;</li>
 * <li>API: {@code Message}, {@code MessageService}, {@code MessageView}, {@code SdkMessages} (reading SDK JSON).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "events", "sessions"})
@NullMarked
package dev.poco.server.messages;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
