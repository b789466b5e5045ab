package dev.poco.server.envvars;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * poco's SystemEnvVarResponse, for runner-token holders only: the plaintext {@code value} ({@code ""}
 * when it cannot be decrypted). {@link #toString()} leaves the value out, so debug logging of
 * responses cannot print it.
 */
record SystemEnvVarView(
        int id,
        String userId,
        String key,
        String value,
        @Nullable String description,
        EnvVarScope scope,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static SystemEnvVarView of(EnvVar v, String value) {
        return new SystemEnvVarView(v.id(), v.userId(), v.key(), value, v.description(), v.scope(), v.createdAt(),
                v.updatedAt());
    }

    @Override
    public String toString() {
        return "SystemEnvVarView[id=" + id + ", key=" + key + ", value=***]";
    }
}
