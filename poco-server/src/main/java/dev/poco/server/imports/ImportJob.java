package dev.poco.server.imports;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A row of {@code skill_import_jobs} / {@code plugin_import_jobs}; status {@code queued → running → success|failed}. */
public record ImportJob(
        UUID id,
        String userId,
        String archiveKey,
        JsonNode selections,
        String status,
        int progress,
        @Nullable JsonNode result,
        @Nullable String error,
        @Nullable OffsetDateTime startedAt,
        @Nullable OffsetDateTime finishedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
}
