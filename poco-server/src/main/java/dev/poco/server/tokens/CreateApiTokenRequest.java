package dev.poco.server.tokens;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /tokens}: a name (1 to 100 characters), the scope ({@code read} or {@code write}, default
 * {@code write}) and the days until it expires (1 to 3650; absent or null: never).
 */
record CreateApiTokenRequest(@Nullable String name, @Nullable String scope, @Nullable Integer expiresInDays) {}
