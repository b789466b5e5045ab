package dev.poco.server.usage;

import org.jspecify.annotations.Nullable;

/**
 * One user's usage over the admin's chosen days (all their sessions, deleted ones included). {@code username} is null
 * for a user without an account (trusted_header mode), {@code display_name} then the id.
 */
public record UserUsage(String userId, @Nullable String username, String displayName, double costUsd,
        long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens, long runs,
        long sessions) {}
