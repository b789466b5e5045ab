package dev.poco.server.messages;

import dev.poco.protocol.SdkTypes;
import dev.poco.server.common.Texts;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading poco's serialized SDK messages. Like poco, types are matched by substring of
 * {@code _type}, so {@code "AssistantMessage"} and a future {@code "SdkAssistantMessage"} agree.
 */
public final class SdkMessages {

    public static final int PREVIEW_LENGTH = 500;

    private SdkMessages() {}

    public static String type(@Nullable JsonNode node) {
        if (node == null) {
            return "";
        }
        JsonNode t = node.get(SdkTypes.TYPE_FIELD);
        return t != null && t.isString() ? t.asString() : "";
    }

    public static boolean is(@Nullable JsonNode node, String type) {
        return type(node).contains(type);
    }

    /** The role poco stores for a message: assistant, user or system (results count as assistant). */
    public static String role(JsonNode message) {
        String type = type(message);
        if (type.contains(SdkTypes.ASSISTANT_MESSAGE)) {
            return "assistant";
        }
        if (type.contains(SdkTypes.USER_MESSAGE)) {
            return "user";
        }
        if (type.contains(SdkTypes.SYSTEM_MESSAGE)) {
            return "system";
        }
        return "assistant";
    }

    /** The text of the first TextBlock in {@code content[]}, if any. */
    public static Optional<String> firstText(JsonNode message) {
        JsonNode content = message.get("content");
        if (content != null && content.isString()) {
            return Optional.of(content.asString());
        }
        if (content == null || !content.isArray()) {
            return Optional.empty();
        }
        for (JsonNode block : content) {
            if (is(block, SdkTypes.TEXT_BLOCK) && block.path("text").isString()) {
                return Optional.of(block.path("text").asString());
            }
        }
        return Optional.empty();
    }

    public static @Nullable String preview(JsonNode message) {
        return firstText(message).map(t -> Texts.truncate(t, PREVIEW_LENGTH)).orElse(null);
    }

    /** The message poco stores for a user's prompt. */
    public static ObjectNode userPrompt(String text) {
        ObjectNode message = JsonNodeFactory.instance.objectNode();
        message.put(SdkTypes.TYPE_FIELD, SdkTypes.USER_MESSAGE);
        ObjectNode block = message.putArray("content").addObject();
        block.put(SdkTypes.TYPE_FIELD, SdkTypes.TEXT_BLOCK);
        block.put("text", text);
        return message;
    }
}
