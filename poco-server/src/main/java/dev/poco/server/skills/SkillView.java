package dev.poco.server.skills;

import dev.poco.server.imports.CatalogItem;
import dev.poco.server.imports.SourceInfo;
import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/** poco's SkillResponse. */
record SkillView(int id, String name, JsonNode entry, SourceInfo source, String scope, String ownerUserId,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static SkillView of(CatalogItem i) {
        return new SkillView(i.id(), i.name(), i.entry(), SourceInfo.of(i), i.scope(), i.ownerUserId(),
                i.createdAt(), i.updatedAt());
    }
}
