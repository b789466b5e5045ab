package dev.poco.server.runs;

import dev.poco.protocol.RunStatus;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A row of {@code agent_runs}. */
public record Run(
        UUID id,
        UUID sessionId,
        long userMessageId,
        RunStatus status,
        String permissionMode,
        int progress,
        String scheduleMode,
        @Nullable UUID scheduledTaskId,
        @Nullable JsonNode configSnapshot,
        OffsetDateTime scheduledAt,
        @Nullable String claimedBy,
        @Nullable OffsetDateTime leaseExpiresAt,
        int attempts,
        @Nullable String lastError,
        @Nullable OffsetDateTime startedAt,
        @Nullable OffsetDateTime finishedAt,
        @Nullable OffsetDateTime heartbeatAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
