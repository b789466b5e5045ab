package dev.poco.server.workspace;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code POCO_WORKSPACES_ROOT} (default {@code $POCO_HOME/workspaces}) and the limits of listings
 * and previews.
 */
@Validated
@ConfigurationProperties("poco.workspaces")
public record WorkspaceProperties(
        @Nullable Path root,
        @DefaultValue("8") @Min(1) int maxDepth,
        @DefaultValue("4000") @Min(1) int maxEntries) {}
