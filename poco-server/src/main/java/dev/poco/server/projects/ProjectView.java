package dev.poco.server.projects;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** poco's ProjectResponse. */
public record ProjectView(
        UUID projectId,
        String userId,
        String name,
        @Nullable String repoUrl,
        @Nullable String gitBranch,
        @Nullable String gitTokenEnvKey,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static ProjectView of(Project p) {
        return new ProjectView(p.id(), p.userId(), p.name(), p.repoUrl(), p.gitBranch(), p.gitTokenEnvKey(),
                p.createdAt(), p.updatedAt());
    }
}
