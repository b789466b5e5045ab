package dev.poco.server.imports;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A row of {@code skills} or {@code plugins}; description, version and manifest are always null for skills.
 *
 * @param entry where the package is: poco's {@code {s3_key, is_prefix, source}} for imports, any object for manual
 *     items
 */
public record CatalogItem(
        int id,
        PackageKind kind,
        String name,
        String scope,
        String ownerUserId,
        JsonNode entry,
        @Nullable JsonNode source,
        @Nullable String description,
        @Nullable String version,
        @Nullable JsonNode manifest,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String SCOPE_USER = "user";
    public static final String SCOPE_SYSTEM = "system";

    public boolean isSystem() {
        return SCOPE_SYSTEM.equals(scope);
    }
}
