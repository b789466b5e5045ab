package dev.poco.server.tools;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** poco's ToolExecutionResponse. */
public record ToolExecutionView(
        UUID id,
        @Nullable Long messageId,
        @Nullable String toolUseId,
        String toolName,
        @Nullable JsonNode toolInput,
        @Nullable JsonNode toolOutput,
        boolean isError,
        @Nullable Integer durationMs,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static ToolExecutionView of(ToolExecution t) {
        return new ToolExecutionView(t.id(), t.messageId(), t.toolUseId(), t.toolName(), t.toolInput(),
                t.toolOutput(), t.isError(), t.durationMs(), t.createdAt(), t.updatedAt());
    }
}
