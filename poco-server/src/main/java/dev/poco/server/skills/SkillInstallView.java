package dev.poco.server.skills;

import dev.poco.server.imports.Install;
import java.time.OffsetDateTime;

/** poco's UserSkillInstallResponse. */
record SkillInstallView(int id, String userId, int skillId, boolean enabled, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static SkillInstallView of(Install i) {
        return new SkillInstallView(i.id(), i.userId(), i.targetId(), i.enabled(), i.createdAt(), i.updatedAt());
    }
}
