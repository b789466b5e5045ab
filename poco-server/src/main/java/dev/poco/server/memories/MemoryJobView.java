package dev.poco.server.memories;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** poco's memory job response. */
public record MemoryJobView(UUID jobId, String status, int progress, @Nullable JsonNode result, @Nullable String error,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, @Nullable OffsetDateTime startedAt,
        @Nullable OffsetDateTime finishedAt) {

    static MemoryJobView of(MemoryJob j) {
        return new MemoryJobView(j.id(), j.status(), j.progress(), j.result(), j.error(), j.createdAt(),
                j.updatedAt(), j.startedAt(), j.finishedAt());
    }
}
