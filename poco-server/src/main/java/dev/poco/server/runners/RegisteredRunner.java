package dev.poco.server.runners;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code registered_runners}. */
record RegisteredRunner(UUID id, String name, @Nullable String host, String prefix, OffsetDateTime registeredAt,
        @Nullable String workerId, @Nullable OffsetDateTime lastSeenAt, @Nullable OffsetDateTime revokedAt) {}
