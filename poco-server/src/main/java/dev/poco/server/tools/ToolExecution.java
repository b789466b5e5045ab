package dev.poco.server.tools;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A row of {@code tool_executions}; {@code toolOutput} is {@code {"content": …}} once finished. */
public record ToolExecution(
        UUID id,
        UUID sessionId,
        long messageId,
        @Nullable String toolUseId,
        String toolName,
        @Nullable JsonNode toolInput,
        @Nullable JsonNode toolOutput,
        @Nullable Long resultMessageId,
        boolean isError,
        @Nullable Integer durationMs,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
