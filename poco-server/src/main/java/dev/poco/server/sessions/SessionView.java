package dev.poco.server.sessions;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * poco's SessionResponse (no kind), with the workspace export keys poco's callbacks and PATCH set
 * ({@code workspace_files_prefix}, {@code workspace_manifest_key}, {@code workspace_archive_key};
 * null while unused), so a client can read back what it wrote. {@code state_patch} is the agent
 * state with empty lists filled in, or whatever a PATCH stored when it is not a valid state.
 */
public record SessionView(
        UUID sessionId,
        String userId,
        @Nullable UUID projectId,
        @Nullable String sdkSessionId,
        @Nullable String title,
        @Nullable JsonNode configSnapshot,
        @Nullable String workspaceArchiveUrl,
        @Nullable String workspaceFilesPrefix,
        @Nullable String workspaceManifestKey,
        @Nullable String workspaceArchiveKey,
        @Nullable JsonNode statePatch,
        @Nullable String workspaceExportStatus,
        String status,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
