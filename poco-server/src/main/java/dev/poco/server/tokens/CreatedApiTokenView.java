package dev.poco.server.tokens;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /tokens}: the new token, whose {@code token} is shown this once and never again (only its hash is
 * kept). {@link #toString()} hides it.
 */
public record CreatedApiTokenView(
        UUID id,
        String name,
        String scope,
        String prefix,
        OffsetDateTime createdAt,
        @Nullable OffsetDateTime expiresAt,
        String token) {

    @Override
    public String toString() {
        return "CreatedApiTokenView[id=" + id + ", prefix=" + prefix + ", token=***]";
    }
}
