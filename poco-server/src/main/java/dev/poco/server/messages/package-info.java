/**
 * Conversation messages (poco's {@code agent_messages}): the user's prompts and every serialized
 * SDK message a run reports, stored verbatim with a text preview. Ids increase across the
 * database, which poco's delta polling relies on.
 */
@NullMarked
package dev.poco.server.messages;

import org.jspecify.annotations.NullMarked;
