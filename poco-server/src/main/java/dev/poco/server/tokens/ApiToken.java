package dev.poco.server.tokens;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code api_tokens}; the hash never leaves the module. */
record ApiToken(
        UUID id,
        String userId,
        String name,
        TokenScope scope,
        String prefix,
        OffsetDateTime createdAt,
        @Nullable OffsetDateTime expiresAt,
        @Nullable OffsetDateTime lastUsedAt,
        @Nullable OffsetDateTime revokedAt) {

    boolean expired(OffsetDateTime now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
