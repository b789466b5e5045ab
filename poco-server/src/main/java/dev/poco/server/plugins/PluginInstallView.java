package dev.poco.server.plugins;

import dev.poco.server.imports.Install;
import java.time.OffsetDateTime;

/** poco's UserPluginInstallResponse. */
record PluginInstallView(int id, String userId, int pluginId, boolean enabled, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static PluginInstallView of(Install i) {
        return new PluginInstallView(i.id(), i.userId(), i.targetId(), i.enabled(), i.createdAt(), i.updatedAt());
    }
}
