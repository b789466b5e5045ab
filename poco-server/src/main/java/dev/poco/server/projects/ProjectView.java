package dev.poco.server.projects;

import dev.poco.server.network.NetworkConfig;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * poco's ProjectResponse, plus Poco's {@code network} for the project's tasks (null: the server default) and its
 * sharing: the caller's {@code role} ({@code owner}, {@code editor} or {@code viewer}), the owner's name on a project
 * shared with the caller (null on the caller's own), and on the caller's own the number of members it is shared with.
 */
public record ProjectView(
        UUID projectId,
        String userId,
        String name,
        @Nullable String repoUrl,
        @Nullable String gitBranch,
        @Nullable String gitTokenEnvKey,
        @Nullable NetworkConfig network,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        String role,
        @Nullable String ownerName,
        int memberCount) {

    static ProjectView of(Project p, ProjectRole role, @Nullable String ownerName, int memberCount) {
        return new ProjectView(p.id(), p.userId(), p.name(), p.repoUrl(), p.gitBranch(), p.gitTokenEnvKey(),
                p.network(), p.createdAt(), p.updatedAt(), role.wire(), ownerName, memberCount);
    }
}
