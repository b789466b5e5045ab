package dev.poco.server.sessions;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** poco's InputFile: an uploaded attachment ({@code type=file}) or a URL to fetch ({@code type=url}). */
public record InputFile(
        @Size(max = 255) @Nullable String id,
        @Pattern(regexp = "file|url", message = "must be file or url") @Nullable String type,
        @NotBlank @Size(max = 1000) String name,
        @NotBlank @Size(max = 4000) String source,
        @Nullable Long size,
        @Size(max = 255) @Nullable String contentType,
        @Size(max = 1000) @Nullable String path) {}
