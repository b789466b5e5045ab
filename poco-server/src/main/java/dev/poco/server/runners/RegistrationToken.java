package dev.poco.server.runners;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code runner_registration_tokens}. */
record RegistrationToken(UUID id, String prefix, String createdBy, OffsetDateTime createdAt,
        OffsetDateTime expiresAt, int maxUses, int uses, @Nullable OffsetDateTime revokedAt) {}
