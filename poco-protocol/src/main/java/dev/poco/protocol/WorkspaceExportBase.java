package dev.poco.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /api/v1/internal/sessions/{id}/workspace/export}: what a runner needs before it exports a workspace.
 *
 * @param manifest the last export's manifest (files whose size and sha256 are unchanged need no upload); null when
 *     there was none
 * @param maxBytes the largest workspace the server takes ({@code POCO_WORKSPACES_EXPORT_MAX_MB}), summed over files
 * @param keepState whether the runner should also upload the session's whole workspace (its git history and the
 *     agent's transcript included) as the session's state, so that a later run can continue on another runner
 *     ({@code POCO_WORKSPACES_KEEP_STATE}); null (an older server) means no
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkspaceExportBase(@Nullable WorkspaceManifest manifest, long maxBytes, @Nullable Boolean keepState) {

    public WorkspaceExportBase(@Nullable WorkspaceManifest manifest, long maxBytes) {
        this(manifest, maxBytes, null);
    }

    /** Whether the runner uploads the state after the export. */
    public boolean wantsState() {
        return Boolean.TRUE.equals(keepState);
    }
}
