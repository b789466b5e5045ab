package dev.poco.runner.messages;

import dev.poco.protocol.SdkTypes;
import dev.poco.runner.claude.message.AssistantMessage;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.ContentBlock;
import dev.poco.runner.claude.message.ResultMessage;
import dev.poco.runner.claude.message.StreamEvent;
import dev.poco.runner.claude.message.SystemMessage;
import dev.poco.runner.claude.message.TextBlock;
import dev.poco.runner.claude.message.ThinkingBlock;
import dev.poco.runner.claude.message.ToolResultBlock;
import dev.poco.runner.claude.message.ToolUseBlock;
import dev.poco.runner.claude.message.UnknownBlock;
import dev.poco.runner.claude.message.UserContent;
import dev.poco.runner.claude.message.UserMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serializes a {@link CliMessage} the way poco's executor did: the Python Claude Agent SDK 0.1.44 dataclass,
 * turned into {@code {"_type": "<ClassName>", <fields in declaration order>}} with nulls kept. The server stores this
 * JSON verbatim and keys off {@code _type}. Shapes:
 *
 * <ul>
 *   <li>{@code UserMessage {content: str | blocks, uuid, parent_tool_use_id, tool_use_result}}
 *   <li>{@code AssistantMessage {content: blocks, model, parent_tool_use_id, error}}
 *   <li>{@code SystemMessage {subtype, data: <the entire raw CLI message>}}
 *   <li>{@code ResultMessage {subtype, duration_ms, duration_api_ms, is_error, num_turns, session_id,
 *       total_cost_usd, usage, result, structured_output}}
 *   <li>{@code StreamEvent {uuid, session_id, event, parent_tool_use_id}} (poco never enables partial messages)
 *   <li>blocks: {@code TextBlock {text}}, {@code ThinkingBlock {thinking, signature}},
 *       {@code ToolUseBlock {id, name, input}}, {@code ToolResultBlock {tool_use_id, content, is_error}}
 * </ul>
 *
 * <p>{@link UnknownBlock}s are left out, as the SDK's parser drops block types it does not know. Fields that the SDK
 * copies as JSON ({@code usage}, {@code total_cost_usd}, {@code input}…) are copied from the raw message, so numbers
 * keep their exact form.
 */
public final class SdkMessageMapper {

    /** {@code _type} of stream events; not in {@link SdkTypes} because poco never stores them. */
    public static final String STREAM_EVENT = "StreamEvent";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SdkMessageMapper() {}

    public static ObjectNode toPoco(CliMessage message) {
        return switch (message) {
            case UserMessage user -> {
                ObjectNode out = typed(SdkTypes.USER_MESSAGE);
                switch (user.content()) {
                    case UserContent.Text text -> out.put("content", text.text());
                    case UserContent.Blocks blocks -> out.set("content", blocks(blocks.blocks()));
                }
                out.put("uuid", user.uuid());
                out.put("parent_tool_use_id", user.parentToolUseId());
                out.set("tool_use_result", orNull(user.toolUseResult()));
                yield out;
            }
            case AssistantMessage assistant -> {
                ObjectNode out = typed(SdkTypes.ASSISTANT_MESSAGE);
                out.set("content", blocks(assistant.content()));
                out.put("model", assistant.model());
                out.put("parent_tool_use_id", assistant.parentToolUseId());
                out.put("error", assistant.error());
                yield out;
            }
            case SystemMessage system -> {
                ObjectNode out = typed(SdkTypes.SYSTEM_MESSAGE);
                out.put("subtype", system.subtype());
                out.set("data", system.raw().deepCopy());
                yield out;
            }
            case ResultMessage result -> {
                ObjectNode out = typed(SdkTypes.RESULT_MESSAGE);
                out.put("subtype", result.subtype());
                // Numbers come from the raw message so that they keep their JSON form (int stays int).
                out.set("duration_ms", rawOrNull(result.raw(), "duration_ms"));
                out.set("duration_api_ms", rawOrNull(result.raw(), "duration_api_ms"));
                out.put("is_error", result.isError());
                out.set("num_turns", rawOrNull(result.raw(), "num_turns"));
                out.put("session_id", result.sessionId());
                out.set("total_cost_usd", rawOrNull(result.raw(), "total_cost_usd"));
                out.set("usage", orNull(result.usage()));
                out.put("result", result.result());
                out.set("structured_output", orNull(result.structuredOutput()));
                yield out;
            }
            case StreamEvent event -> {
                ObjectNode out = typed(STREAM_EVENT);
                out.put("uuid", event.uuid());
                out.put("session_id", event.sessionId());
                out.set("event", event.event().deepCopy());
                out.put("parent_tool_use_id", event.parentToolUseId());
                yield out;
            }
        };
    }

    /** Serializes blocks in order, leaving out {@link UnknownBlock}s. */
    static ArrayNode blocks(List<ContentBlock> blocks) {
        ArrayNode out = JSON.arrayNode();
        for (ContentBlock block : blocks) {
            switch (block) {
                case TextBlock text -> out.add(typed(SdkTypes.TEXT_BLOCK).put("text", text.text()));
                case ThinkingBlock thinking -> out.add(typed(SdkTypes.THINKING_BLOCK)
                        .put("thinking", thinking.thinking()).put("signature", thinking.signature()));
                case ToolUseBlock toolUse -> {
                    ObjectNode node = typed(SdkTypes.TOOL_USE_BLOCK).put("id", toolUse.id()).put("name", toolUse.name());
                    node.set("input", toolUse.input().deepCopy());
                    out.add(node);
                }
                case ToolResultBlock toolResult -> {
                    ObjectNode node = typed(SdkTypes.TOOL_RESULT_BLOCK).put("tool_use_id", toolResult.toolUseId());
                    node.set("content", orNull(toolResult.content()));
                    if (toolResult.isError() == null) {
                        node.putNull("is_error");
                    } else {
                        node.put("is_error", toolResult.isError().booleanValue());
                    }
                    out.add(node);
                }
                case UnknownBlock ignored -> {
                    // The SDK 0.1.44 parser has no case for unknown block types and drops them.
                }
            }
        }
        return out;
    }

    private static ObjectNode typed(String type) {
        return JSON.objectNode().put(SdkTypes.TYPE_FIELD, type);
    }

    private static JsonNode orNull(@Nullable JsonNode node) {
        return node == null ? JSON.nullNode() : node.deepCopy();
    }

    private static JsonNode rawOrNull(ObjectNode raw, String field) {
        JsonNode node = raw.get(field);
        return node == null ? JSON.nullNode() : node.deepCopy();
    }
}
