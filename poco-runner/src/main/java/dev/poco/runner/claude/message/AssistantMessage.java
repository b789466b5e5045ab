package dev.poco.runner.claude.message;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * An {@code assistant} line: part of one model response. CLI 2.1.197 writes one line per content block, so a response
 * with thinking, text and a tool_use arrives as three lines sharing {@code message.id}.
 *
 * @param error the CLI's error tag for API failures ({@code rate_limit}, {@code server_error}…), null normally
 * @param messageId {@code message.id} of the model response
 */
public record AssistantMessage(List<ContentBlock> content, String model, @Nullable String parentToolUseId,
        @Nullable String error, @Nullable String sessionId, @Nullable String uuid, @Nullable String messageId,
        ObjectNode raw) implements CliMessage {

    public AssistantMessage {
        content = List.copyOf(content);
    }
}
