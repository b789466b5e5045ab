package dev.poco.server.memories;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A row of {@code memory_create_jobs}; status {@code queued → running → success|failed}. {@code infer} false stores
 * the user messages as they are (the agent's {@code memory_create}); true has the model extract facts first.
 */
record MemoryJob(
        UUID id,
        String userId,
        JsonNode messages,
        @Nullable String runId,
        @Nullable JsonNode metadata,
        boolean infer,
        String status,
        int progress,
        @Nullable JsonNode result,
        @Nullable String error,
        @Nullable OffsetDateTime startedAt,
        @Nullable OffsetDateTime finishedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
