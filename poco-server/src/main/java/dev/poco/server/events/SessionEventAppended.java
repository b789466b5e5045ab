package dev.poco.server.events;

import dev.poco.protocol.SessionEvent;

/**
 * Published synchronously by {@link SessionEvents#append}, inside the appending transaction, so a plain
 * {@code @EventListener} can write its own rows (an outbox) that commit or roll back with the change. Not meant for
 * {@code @TransactionalEventListener}s: every append would then land in the event publication registry.
 */
public record SessionEventAppended(SessionEvent event, String userId) {}
