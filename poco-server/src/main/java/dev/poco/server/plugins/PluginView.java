package dev.poco.server.plugins;

import dev.poco.server.imports.CatalogItem;
import dev.poco.server.imports.SourceInfo;
import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** poco's PluginResponse: a skill's fields plus description, version and manifest. */
record PluginView(int id, String name, JsonNode entry, SourceInfo source, String scope, String ownerUserId,
        @Nullable String description, @Nullable String version, @Nullable JsonNode manifest,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static PluginView of(CatalogItem i) {
        return new PluginView(i.id(), i.name(), i.entry(), SourceInfo.of(i), i.scope(), i.ownerUserId(),
                i.description(), i.version(), i.manifest(), i.createdAt(), i.updatedAt());
    }
}
