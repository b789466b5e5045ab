package dev.poco.runner.claude.message;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A {@code stream_event} line (only with {@code --include-partial-messages}): one raw SSE event of the model API. */
public record StreamEvent(String uuid, String sessionId, JsonNode event, @Nullable String parentToolUseId,
        ObjectNode raw) implements CliMessage {}
