package dev.poco.server.runners;

import org.jspecify.annotations.Nullable;

/**
 * {@code POST /admin/runners/registration-tokens}: hours until it expires (1 to 720, default 24) and how many
 * runners may register with it (1 to 1000, default 1).
 */
record CreateRegistrationTokenRequest(@Nullable Integer expiresInHours, @Nullable Integer maxUses) {}
