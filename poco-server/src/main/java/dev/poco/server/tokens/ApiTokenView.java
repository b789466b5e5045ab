package dev.poco.server.tokens;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One of the caller's API tokens ({@code GET /tokens}): never the token, only its first characters. */
public record ApiTokenView(
        UUID id,
        String name,
        String scope,
        String prefix,
        OffsetDateTime createdAt,
        @Nullable OffsetDateTime expiresAt,
        @Nullable OffsetDateTime lastUsedAt,
        boolean expired) {

    static ApiTokenView of(ApiToken t, OffsetDateTime now) {
        return new ApiTokenView(t.id(), t.name(), t.scope().wire(), t.prefix(), t.createdAt(), t.expiresAt(),
                t.lastUsedAt(), t.expired(now));
    }
}
