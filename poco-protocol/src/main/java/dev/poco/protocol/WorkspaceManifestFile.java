package dev.poco.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One file of an exported workspace: poco's manifest entry {@code {path, key, size, mimeType, status: "uploaded",
 * last_modified}} plus its {@code sha256} (one of poco's {@code oss_meta} fields), which lets the next export skip
 * files that did not change. A runner sends entries without {@code key} and {@code status}; the server sets them.
 *
 * @param path {@code /a/b.txt}: relative to the workspace, with a leading slash
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkspaceManifestFile(
        String path,
        @Nullable String key,
        long size,
        @JsonProperty("mimeType") @Nullable String mimeType,
        @Nullable String status,
        @Nullable Instant lastModified,
        String sha256) {

    public static final String UPLOADED = "uploaded";

    public WorkspaceManifestFile stored(String storedKey) {
        return new WorkspaceManifestFile(path, storedKey, size, mimeType, UPLOADED, lastModified, sha256);
    }
}
