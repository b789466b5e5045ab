package dev.poco.server.imports;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** poco's import job response. */
public record ImportJobView(UUID jobId, String status, int progress, @Nullable JsonNode result, @Nullable String error,
        OffsetDateTime createdAt, OffsetDateTime updatedAt, @Nullable OffsetDateTime startedAt,
        @Nullable OffsetDateTime finishedAt) {

    public static ImportJobView of(ImportJob j) {
        return new ImportJobView(j.id(), j.status(), j.progress(), j.result(), j.error(), j.createdAt(),
                j.updatedAt(), j.startedAt(), j.finishedAt());
    }
}
