package dev.poco.server.tasks;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /tasks}. {@code config} stays raw JSON: poco merges only the fields the caller sent,
 * and tells "sent as null" (remove) from "not sent" (keep). {@code scheduled_at} may be naive
 * (then read in {@code timezone}, or UTC) or carry an offset.
 */
public record TaskRequest(
        @NotNull @Size(max = 200_000) @Nullable String prompt,
        @Nullable JsonNode config,
        @Nullable UUID sessionId,
        @Nullable UUID projectId,
        @Size(max = 50) @Nullable String permissionMode,
        @Size(max = 50) @Nullable String scheduleMode,
        @Size(max = 64) @Nullable String timezone,
        @Size(max = 64) @Nullable String scheduledAt) {

}
