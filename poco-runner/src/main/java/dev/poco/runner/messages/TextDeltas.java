package dev.poco.runner.messages;

import dev.poco.protocol.TextDelta;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.StreamEvent;
import dev.poco.runner.claude.message.SystemMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Follows the model's raw stream events ({@code stream_event} lines of {@code --include-partial-messages}) and turns
 * text and thinking deltas into {@link TextDelta}s with the message id, block index and offset. Tool-input, signature
 * and citation deltas are ignored, and so are the events of subagents ({@code parent_tool_use_id} set): the chat
 * shows their work as tool calls. Not thread-safe; one per run, fed in stdout order.
 */
public final class TextDeltas {

    private @Nullable String messageId;
    /** Characters so far per block index of the current message. */
    private final Map<Integer, Integer> lengths = new HashMap<>();

    /**
     * True for the lines only {@code --include-partial-messages} adds: stream events and the {@code system/status}
     * line with {@code status: requesting} before each model request. Poco never stored them, so neither do we.
     */
    public static boolean partialOnly(CliMessage message) {
        return message instanceof StreamEvent || (message instanceof SystemMessage system
                && "status".equals(system.subtype()) && "requesting".equals(system.raw().path("status").asString("")));
    }

    public Optional<TextDelta> accept(StreamEvent stream) {
        if (stream.parentToolUseId() != null) {
            return Optional.empty();
        }
        JsonNode event = stream.event();
        switch (event.path("type").asString("")) {
            case "message_start" -> {
                messageId = event.path("message").path("id").asString(null);
                lengths.clear();
            }
            case "content_block_delta" -> {
                JsonNode delta = event.path("delta");
                String type = delta.path("type").asString("");
                String kind;
                String text;
                if (type.equals("text_delta")) {
                    kind = TextDelta.TEXT;
                    text = delta.path("text").asString("");
                } else if (type.equals("thinking_delta")) {
                    kind = TextDelta.THINKING;
                    text = delta.path("thinking").asString("");
                } else {
                    return Optional.empty();
                }
                String message = messageId;
                if (text.isEmpty() || message == null) {
                    return Optional.empty();
                }
                int index = event.path("index").asInt(0);
                int offset = lengths.getOrDefault(index, 0);
                lengths.put(index, offset + text.length());
                return Optional.of(new TextDelta(message, index, kind, offset, text));
            }
            default -> {
                // content_block_start/stop, message_delta, message_stop: nothing to show
            }
        }
        return Optional.empty();
    }
}
