package dev.poco.server.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** poco's FileNode (note the camelCase {@code mimeType}, as poco's UI expects it). */
public record FileNode(
        String id,
        String name,
        String type,
        String path,
        @Nullable List<FileNode> children,
        @Nullable String url,
        @JsonProperty("mimeType") @Nullable String mimeType,
        @Nullable String ossStatus,
        @Nullable Object ossMeta,
        @Nullable Long size) {}
