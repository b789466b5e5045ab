package dev.poco.server.projects;

import dev.poco.server.network.NetworkConfig;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code projects}; {@code network} is normalised ({@code NetworkPolicies.normalise}) or null. */
public record Project(
        UUID id,
        String userId,
        String name,
        @Nullable String repoUrl,
        @Nullable String gitBranch,
        @Nullable String gitTokenEnvKey,
        @Nullable NetworkConfig network,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
