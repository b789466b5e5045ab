package dev.poco.protocol;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * An exported workspace, as poco's executor manager wrote it to {@code workspace_manifest_key}:
 * {@code {version: 1, generated_at, files: [...]}}. The server writes it; the workspace endpoints read it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkspaceManifest(int version, Instant generatedAt, List<WorkspaceManifestFile> files) {

    public static final int VERSION = 1;
}
