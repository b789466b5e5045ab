package dev.poco.server.imports;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of skill and plugin imports ({@code poco.imports.*}).
 *
 * @param maxMb largest archive, uploaded or downloaded ({@code POCO_IMPORT_MAX_MB})
 * @param maxFiles most files in one archive ({@code POCO_IMPORT_MAX_FILES})
 * @param maxUncompressedMb most bytes an archive may expand to, against zip bombs
 *     ({@code POCO_IMPORT_MAX_UNCOMPRESSED_MB})
 * @param githubArchiveBaseUrl where GitHub serves repository archives ({@code POCO_IMPORT_GITHUB_ARCHIVE_URL});
 *     {@code <base>/<owner>/<repo>/zip/<ref>} is GitHub's codeload protocol
 * @param githubTimeoutSeconds how long one archive download may take
 */
@Validated
@ConfigurationProperties("poco.imports")
public record ImportProperties(
        @DefaultValue("50") @Min(1) int maxMb,
        @DefaultValue("2000") @Min(1) int maxFiles,
        @DefaultValue("500") @Min(1) int maxUncompressedMb,
        @DefaultValue("https://codeload.github.com") @NotBlank String githubArchiveBaseUrl,
        @DefaultValue("30") @Min(1) int githubTimeoutSeconds) {

    public long maxBytes() {
        return maxMb * 1024L * 1024L;
    }

    public long maxUncompressedBytes() {
        return maxUncompressedMb * 1024L * 1024L;
    }

    URI githubBase() {
        String base = githubArchiveBaseUrl.strip();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
    }
}
