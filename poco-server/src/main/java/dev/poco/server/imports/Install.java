package dev.poco.server.imports;

import java.time.OffsetDateTime;

/** A row of {@code user_skill_installs} / {@code user_plugin_installs}: the user's switch for one item. */
public record Install(int id, String userId, int targetId, boolean enabled, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
