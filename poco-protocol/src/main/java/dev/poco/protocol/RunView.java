package dev.poco.protocol;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** poco's RunResponse. {@code usage} is null in claim answers and when the run has no usage yet. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunView(
        UUID runId,
        UUID sessionId,
        long userMessageId,
        RunStatus status,
        String permissionMode,
        int progress,
        String scheduleMode,
        @Nullable UUID scheduledTaskId,
        OffsetDateTime scheduledAt,
        @Nullable JsonNode configSnapshot,
        @Nullable String claimedBy,
        @Nullable OffsetDateTime leaseExpiresAt,
        int attempts,
        @Nullable String lastError,
        @Nullable OffsetDateTime startedAt,
        @Nullable OffsetDateTime finishedAt,
        @Nullable OffsetDateTime heartbeatAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @Nullable UsageView usage) {

    public RunView withUsage(@Nullable UsageView newUsage) {
        return new RunView(runId, sessionId, userMessageId, status, permissionMode, progress, scheduleMode,
                scheduledTaskId, scheduledAt, configSnapshot, claimedBy, leaseExpiresAt, attempts, lastError,
                startedAt, finishedAt, heartbeatAt, createdAt, updatedAt, newUsage);
    }
}
