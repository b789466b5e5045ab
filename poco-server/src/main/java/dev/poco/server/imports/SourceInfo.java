package dev.poco.server.imports;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * poco's SourceInfo: where an item came from ({@code github}, {@code zip}, {@code system}, {@code manual},
 * {@code unknown}), derived as poco does (reference §3.13, last rule).
 */
public record SourceInfo(String kind, @Nullable String repo, @Nullable String url, @Nullable String ref,
        @Nullable String filename) {

    public static SourceInfo of(CatalogItem item) {
        JsonNode source = item.source();
        if (source != null && source.isObject() && source.path("kind").isString()) {
            return new SourceInfo(source.path("kind").asString(), text(source, "repo"), text(source, "url"),
                    text(source, "ref"), text(source, "filename"));
        }
        if (item.isSystem()) {
            return new SourceInfo("system", null, null, null, null);
        }
        String archiveKey = text(item.entry().path("source"), "archive_key");
        if (archiveKey != null) {
            String file = archiveKey.substring(archiveKey.lastIndexOf('/') + 1);
            if (file.equals("github.zip")) {
                return new SourceInfo("github", null, null, null, null);
            }
            if (file.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
                return new SourceInfo("zip", null, null, null, file);
            }
        }
        return new SourceInfo("unknown", null, null, null, null);
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }
}
