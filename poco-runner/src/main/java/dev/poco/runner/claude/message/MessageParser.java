package dev.poco.runner.claude.message;

import dev.poco.runner.claude.error.MessageParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one stream-json object into a typed {@link CliMessage}. A pure function: no state, no I/O besides a debug log.
 *
 * <p>Forward compatibility, as the Python SDK's {@code parse_message}: an unknown top-level {@code type} (including
 * control traffic, which never reaches here in practice) yields {@link Optional#empty()} and a debug log; an unknown
 * {@code system} subtype is still a {@link SystemMessage}; an unknown content block becomes an {@link UnknownBlock}.
 * A known type that lacks a required field throws {@link MessageParseException} with the raw line.
 */
public final class MessageParser {

    private static final Logger log = LoggerFactory.getLogger(MessageParser.class);

    private MessageParser() {}

    public static Optional<CliMessage> parse(ObjectNode json) {
        String type = requireText(json, json, "type");
        return switch (type) {
            case "system" -> Optional.of(new SystemMessage(requireText(json, json, "subtype"), json));
            case "assistant" -> Optional.of(assistant(json));
            case "user" -> Optional.of(user(json));
            case "result" -> Optional.of(result(json));
            case "stream_event" -> Optional.of(new StreamEvent(requireText(json, json, "uuid"),
                    requireText(json, json, "session_id"), require(json, json, "event"),
                    optText(json, "parent_tool_use_id"), json));
            default -> {
                log.debug("Skipping stream-json message of unknown type '{}'", type);
                yield Optional.empty();
            }
        };
    }

    private static AssistantMessage assistant(ObjectNode json) {
        JsonNode message = require(json, json, "message");
        JsonNode content = require(json, message, "content");
        if (!content.isArray()) {
            throw new MessageParseException("assistant message.content is not a list", json.toString());
        }
        return new AssistantMessage(blocks(json, content), requireText(json, message, "model"),
                optText(json, "parent_tool_use_id"), optText(json, "error"), optText(json, "session_id"),
                optText(json, "uuid"), optText(message, "id"), json);
    }

    private static UserMessage user(ObjectNode json) {
        JsonNode message = require(json, json, "message");
        JsonNode content = require(json, message, "content");
        UserContent userContent;
        if (content.isString()) {
            userContent = new UserContent.Text(content.asString());
        } else if (content.isArray()) {
            userContent = new UserContent.Blocks(blocks(json, content));
        } else {
            throw new MessageParseException("user message.content is neither a string nor a list", json.toString());
        }
        return new UserMessage(userContent, optText(json, "uuid"), optText(json, "parent_tool_use_id"),
                optNode(json, "tool_use_result"), optText(json, "session_id"), json);
    }

    private static ResultMessage result(ObjectNode json) {
        JsonNode cost = optNode(json, "total_cost_usd");
        JsonNode status = optNode(json, "api_error_status");
        return new ResultMessage(requireText(json, json, "subtype"), requireNumber(json, "duration_ms").asLong(),
                requireNumber(json, "duration_api_ms").asLong(), requireBoolean(json, "is_error"),
                requireNumber(json, "num_turns").asInt(), requireText(json, json, "session_id"),
                cost != null && cost.isNumber() ? cost.asDouble() : null, optNode(json, "usage"),
                optText(json, "result"), optNode(json, "structured_output"), optText(json, "stop_reason"),
                optText(json, "terminal_reason"), status != null && status.isNumber() ? status.asInt() : null, json);
    }

    private static List<ContentBlock> blocks(ObjectNode json, JsonNode content) {
        List<ContentBlock> blocks = new ArrayList<>();
        for (JsonNode block : content) {
            blocks.add(block(json, block));
        }
        return blocks;
    }

    private static ContentBlock block(ObjectNode json, JsonNode block) {
        String type = block.path("type").asString("");
        return switch (type) {
            case "text" -> new TextBlock(requireText(json, block, "text"));
            case "thinking" -> new ThinkingBlock(requireText(json, block, "thinking"),
                    requireText(json, block, "signature"));
            case "tool_use" -> new ToolUseBlock(requireText(json, block, "id"), requireText(json, block, "name"),
                    require(json, block, "input"));
            case "tool_result" -> {
                JsonNode isError = optNode(block, "is_error");
                yield new ToolResultBlock(requireText(json, block, "tool_use_id"), optNode(block, "content"),
                        isError != null && isError.isBoolean() ? isError.asBoolean() : null);
            }
            default -> new UnknownBlock(type, block);
        };
    }

    private static JsonNode require(ObjectNode json, JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw new MessageParseException("missing required field '" + field + "'", json.toString());
        }
        return node;
    }

    private static String requireText(ObjectNode json, JsonNode parent, String field) {
        JsonNode node = require(json, parent, field);
        if (!node.isString()) {
            throw new MessageParseException("field '" + field + "' is not a string", json.toString());
        }
        return node.asString();
    }

    private static JsonNode requireNumber(ObjectNode json, String field) {
        JsonNode node = require(json, json, field);
        if (!node.isNumber()) {
            throw new MessageParseException("field '" + field + "' is not a number", json.toString());
        }
        return node;
    }

    private static boolean requireBoolean(ObjectNode json, String field) {
        JsonNode node = require(json, json, field);
        if (!node.isBoolean()) {
            throw new MessageParseException("field '" + field + "' is not a boolean", json.toString());
        }
        return node.asBoolean();
    }

    private static @Nullable JsonNode optNode(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static @Nullable String optText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isString() ? node.asString() : null;
    }
}
