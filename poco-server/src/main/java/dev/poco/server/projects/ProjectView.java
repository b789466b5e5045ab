package dev.poco.server.projects;

import dev.poco.server.network.NetworkConfig;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** poco's ProjectResponse, plus Poco's {@code network} for the project's tasks (null: the server default). */
public record ProjectView(
        UUID projectId,
        String userId,
        String name,
        @Nullable String repoUrl,
        @Nullable String gitBranch,
        @Nullable String gitTokenEnvKey,
        @Nullable NetworkConfig network,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static ProjectView of(Project p) {
        return new ProjectView(p.id(), p.userId(), p.name(), p.repoUrl(), p.gitBranch(), p.gitTokenEnvKey(),
                p.network(), p.createdAt(), p.updatedAt());
    }
}
