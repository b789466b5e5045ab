package dev.poco.server.schedules;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /scheduled-tasks}. {@code config} stays raw JSON, as for {@code POST /tasks}: the same builder reads
 * it. Blank strings are poco's 400s, checked by the service.
 */
record CreateScheduledTaskRequest(
        @NotNull @Size(max = 255) @Nullable String name,
        @NotNull @Size(max = 100) @Nullable String cron,
        @Size(max = 64) @Nullable String timezone,
        @NotNull @Size(max = 200_000) @Nullable String prompt,
        @Nullable Boolean enabled,
        @Nullable Boolean reuseSession,
        @Nullable UUID projectId,
        @Nullable JsonNode config) {}
