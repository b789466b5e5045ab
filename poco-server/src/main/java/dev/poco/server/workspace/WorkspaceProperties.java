package dev.poco.server.workspace;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code POCO_WORKSPACES_ROOT} (default {@code $POCO_HOME/workspaces}, read only to copy a session into a branch),
 * the limits of the file tree, and {@code POCO_WORKSPACES_EXPORT_MAX_MB}: the largest workspace a runner may export
 * (its files summed; default 512). {@code POCO_WORKSPACES_KEEP_STATE}: whether runners also upload each session's whole
 * workspace (git history and the agent's transcript included) after a run, so that the session's next run can
 * continue on another runner: {@code always}, {@code never}, or {@code auto} (the default: when the runners are not
 * only this server's embedded one).
 */
@Validated
@ConfigurationProperties("poco.workspaces")
public record WorkspaceProperties(
        @Nullable Path root,
        @DefaultValue("8") @Min(1) int maxDepth,
        @DefaultValue("4000") @Min(1) int maxEntries,
        @DefaultValue("512") @Min(1) int exportMaxMb,
        @DefaultValue("auto") @Pattern(regexp = "auto|always|never",
                message = "must be auto, always or never") String keepState) {

    public long exportMaxBytes() {
        return exportMaxMb * 1024L * 1024L;
    }
}
