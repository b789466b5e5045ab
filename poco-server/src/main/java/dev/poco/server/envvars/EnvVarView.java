package dev.poco.server.envvars;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** poco's EnvVarPublicResponse: what users see of a var. Never the value, only whether one is set. */
public record EnvVarView(
        int id,
        String userId,
        String key,
        @Nullable String description,
        EnvVarScope scope,
        boolean isSet,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static EnvVarView of(EnvVar v, boolean isSet) {
        return new EnvVarView(v.id(), v.userId(), v.key(), v.description(), v.scope(), isSet, v.createdAt(),
                v.updatedAt());
    }
}
