package dev.poco.server.sessions;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A row of {@code agent_sessions} (soft-deleted rows are never loaded). */
public record Session(
        UUID id,
        String userId,
        @Nullable UUID projectId,
        @Nullable String sdkSessionId,
        @Nullable JsonNode configSnapshot,
        @Nullable String workspaceArchiveUrl,
        @Nullable JsonNode statePatch,
        @Nullable String workspaceFilesPrefix,
        @Nullable String workspaceManifestKey,
        @Nullable String workspaceArchiveKey,
        @Nullable String workspaceExportStatus,
        @Nullable String title,
        String kind,
        String status,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public boolean isCanceled() {
        return SessionStatus.CANCELED.wire().equals(status);
    }
}
