package dev.poco.protocol;

import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/internal/sessions/{id}/workspace/export}: ends an export. The runner has uploaded every
 * changed file ({@code PUT …/export/files?path=}) and the archive ({@code PUT …/export/archive}); the server checks
 * they are there, writes the manifest, drops files no longer listed and sets the session's {@code workspace_*}
 * columns ({@code workspace_export_status} {@code ready}). With {@code error} set the export failed on the runner:
 * the status becomes {@code failed} and the last good export stays served.
 *
 * @param files every file of the workspace now, uploaded or unchanged
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkspaceExportRequest(UUID runId, List<WorkspaceManifestFile> files, @Nullable String error) {

    public static WorkspaceExportRequest failed(UUID runId, String error) {
        return new WorkspaceExportRequest(runId, List.of(), error);
    }
}
