package dev.poco.server.projects;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code projects}. */
public record Project(
        UUID id,
        String userId,
        String name,
        @Nullable String repoUrl,
        @Nullable String gitBranch,
        @Nullable String gitTokenEnvKey,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
