package dev.poco.server.schedules;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A row of {@code agent_scheduled_tasks}. */
record ScheduledTask(
        UUID id,
        String userId,
        String name,
        boolean enabled,
        boolean reuseSession,
        @Nullable UUID sessionId,
        String cron,
        String timezone,
        String prompt,
        @Nullable JsonNode configSnapshot,
        @Nullable JsonNode inputFiles,
        OffsetDateTime nextRunAt,
        @Nullable UUID lastRunId,
        @Nullable String lastRunStatus,
        @Nullable String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
