package dev.poco.server.schedules;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** poco's ScheduledTaskResponse. */
record ScheduledTaskView(
        UUID scheduledTaskId,
        String userId,
        String name,
        String cron,
        String timezone,
        String prompt,
        boolean enabled,
        boolean reuseSession,
        @Nullable UUID sessionId,
        OffsetDateTime nextRunAt,
        @Nullable UUID lastRunId,
        @Nullable String lastRunStatus,
        @Nullable String lastError,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static ScheduledTaskView of(ScheduledTask t) {
        return new ScheduledTaskView(t.id(), t.userId(), t.name(), t.cron(), t.timezone(), t.prompt(), t.enabled(),
                t.reuseSession(), t.sessionId(), t.nextRunAt(), t.lastRunId(), t.lastRunStatus(), t.lastError(),
                t.createdAt(), t.updatedAt());
    }
}
