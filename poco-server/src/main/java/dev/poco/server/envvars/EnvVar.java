package dev.poco.server.envvars;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** A row of {@code user_env_vars}. Holds the ciphertext, so it never reaches a view as is. */
record EnvVar(
        int id,
        String userId,
        String key,
        String valueCiphertext,
        @Nullable String description,
        EnvVarScope scope,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    @Override
    public String toString() {
        return "EnvVar[id=" + id + ", userId=" + userId + ", key=" + key + ", scope=" + scope + "]";
    }
}
