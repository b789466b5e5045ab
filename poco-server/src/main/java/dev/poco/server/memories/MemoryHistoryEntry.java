package dev.poco.server.memories;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One change of a memory, as mem0's {@code history} answers it. {@code event} is {@code ADD}, {@code UPDATE},
 * {@code DELETE}, or {@code NONE} for a fact found again and skipped; {@code job_id} names the create job that did
 * it (null for a user's edit).
 */
public record MemoryHistoryEntry(
        UUID id,
        UUID memoryId,
        @Nullable String oldMemory,
        @Nullable String newMemory,
        String event,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        boolean isDeleted,
        @Nullable String actorId,
        @Nullable String role,
        @Nullable UUID jobId) {}
