package dev.poco.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /api/v1/internal/sessions/{id}/workspace/export}: what a runner needs before it exports a workspace.
 *
 * @param manifest the last export's manifest (files whose size and sha256 are unchanged need no upload); null when
 *     there was none
 * @param maxBytes the largest workspace the server takes ({@code POCO_WORKSPACES_EXPORT_MAX_MB}), summed over files
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkspaceExportBase(@Nullable WorkspaceManifest manifest, long maxBytes) {}
