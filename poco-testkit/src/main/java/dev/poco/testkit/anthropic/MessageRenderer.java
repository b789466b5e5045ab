package dev.poco.testkit.anthropic;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a {@link MessageReply} into the Messages API wire format: the SSE event sequence of a
 * streaming response, or the {@code message} object of a non-streaming one. Stateless and
 * thread-safe; each call generates fresh message and tool_use ids where none were scripted.
 */
final class MessageRenderer {

    /** One server-sent event. */
    record SseEvent(String name, ObjectNode data) {

        /** {@code event: NAME\ndata: JSON\n\n} in UTF-8. */
        byte[] bytes() {
            return ("event: " + name + "\ndata: " + Json.write(data) + "\n\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final RandomGenerator RANDOM = new SecureRandom();
    /** JSON of a tool input is sent in parts of at most this many characters (and at least two parts). */
    private static final int JSON_PART_CHARS = 32;

    private MessageRenderer() {}

    /** An id like the real API's, e.g. {@code toolu_01AbC…} (prefix + 24 characters). */
    static String newId(String prefix) {
        StringBuilder id = new StringBuilder(prefix).append("01");
        for (int i = 0; i < 22; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** The non-streaming response body: a complete {@code message} object. */
    static ObjectNode message(MessageReply reply, String model) {
        ObjectNode message = messageSkeleton(model);
        ArrayNode content = message.putArray("content");
        for (ContentBlock block : reply.content()) {
            content.add(fullBlock(block));
        }
        message.put("stop_reason", reply.effectiveStopReason());
        message.putNull("stop_sequence");
        message.set("usage", usage(reply.usage(), reply.usage().outputTokens()));
        return message;
    }

    /**
     * The streaming response: {@code message_start}, per block {@code content_block_start}
     * (followed once by {@code ping}), its deltas and {@code content_block_stop}, then
     * {@code message_delta} and {@code message_stop}.
     */
    static List<SseEvent> streamEvents(MessageReply reply, String model) {
        List<SseEvent> events = new ArrayList<>();
        ObjectNode startMessage = messageSkeleton(model);
        startMessage.putArray("content");
        startMessage.putNull("stop_reason");
        startMessage.putNull("stop_sequence");
        // The real API reports a token or so of output at the start; the final count comes in message_delta.
        startMessage.set("usage", usage(reply.usage(), Math.min(1, reply.usage().outputTokens())));
        ObjectNode messageStart = event("message_start");
        messageStart.set("message", startMessage);
        events.add(new SseEvent("message_start", messageStart));

        boolean pinged = false;
        for (int index = 0; index < reply.content().size(); index++) {
            ObjectNode full = fullBlock(reply.content().get(index));
            events.add(new SseEvent("content_block_start", blockStart(index, full)));
            if (!pinged) {
                events.add(new SseEvent("ping", event("ping")));
                pinged = true;
            }
            for (ObjectNode delta : deltas(full)) {
                ObjectNode data = event("content_block_delta").put("index", index);
                data.set("delta", delta);
                events.add(new SseEvent("content_block_delta", data));
            }
            events.add(new SseEvent("content_block_stop", event("content_block_stop").put("index", index)));
        }
        if (!pinged) {
            events.add(new SseEvent("ping", event("ping")));
        }

        ObjectNode messageDelta = event("message_delta");
        messageDelta.putObject("delta").put("stop_reason", reply.effectiveStopReason()).putNull("stop_sequence");
        messageDelta.set("usage", usage(reply.usage(), reply.usage().outputTokens()));
        events.add(new SseEvent("message_delta", messageDelta));
        events.add(new SseEvent("message_stop", event("message_stop")));
        return events;
    }

    private static ObjectNode messageSkeleton(String model) {
        ObjectNode message = Json.object()
                .put("id", newId("msg_"))
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        return message;
    }

    private static ObjectNode event(String type) {
        return Json.object().put("type", type);
    }

    private static ObjectNode usage(Usage usage, int outputTokens) {
        return Json.object()
                .put("input_tokens", usage.inputTokens())
                .put("cache_creation_input_tokens", usage.cacheCreationInputTokens())
                .put("cache_read_input_tokens", usage.cacheReadInputTokens())
                .put("output_tokens", outputTokens);
    }

    /** The block as it appears in a non-streaming message, with a tool_use id resolved. */
    private static ObjectNode fullBlock(ContentBlock block) {
        return switch (block) {
            case ContentBlock.Text text -> Json.object().put("type", "text").put("text", text.text());
            case ContentBlock.ToolUse toolUse -> {
                ObjectNode node = Json.object()
                        .put("type", "tool_use")
                        .put("id", toolUse.id() != null ? toolUse.id() : newId("toolu_"))
                        .put("name", toolUse.name());
                node.set("input", toolUse.input());
                yield node;
            }
            case ContentBlock.Thinking thinking -> Json.object()
                    .put("type", "thinking")
                    .put("thinking", thinking.thinking())
                    .put("signature", thinking.signature());
        };
    }

    /** {@code content_block_start}: the block with its growing parts emptied. */
    private static ObjectNode blockStart(int index, ObjectNode full) {
        ObjectNode start = full.deepCopy();
        switch (full.path("type").asString("")) {
            case "text" -> start.put("text", "");
            case "tool_use" -> start.putObject("input");
            case "thinking" -> start.put("thinking", "").put("signature", "");
            default -> throw new IllegalStateException("unknown block type " + full.path("type"));
        }
        ObjectNode data = event("content_block_start").put("index", index);
        data.set("content_block", start);
        return data;
    }

    private static List<ObjectNode> deltas(ObjectNode full) {
        List<ObjectNode> deltas = new ArrayList<>();
        switch (full.path("type").asString("")) {
            case "text" -> words(full.path("text").asString("")).forEach(word ->
                    deltas.add(Json.object().put("type", "text_delta").put("text", word)));
            case "tool_use" -> jsonParts(Json.write(full.path("input"))).forEach(part ->
                    deltas.add(Json.object().put("type", "input_json_delta").put("partial_json", part)));
            case "thinking" -> {
                words(full.path("thinking").asString("")).forEach(word ->
                        deltas.add(Json.object().put("type", "thinking_delta").put("thinking", word)));
                deltas.add(Json.object().put("type", "signature_delta")
                        .put("signature", full.path("signature").asString("")));
            }
            default -> throw new IllegalStateException("unknown block type " + full.path("type"));
        }
        return deltas;
    }

    /** Splits after each run of whitespace, so every part but the first starts with a non-space. */
    static List<String> words(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("(?<=\\s)(?=\\S)"));
    }

    /** Splits a JSON text into at least two parts of at most {@value #JSON_PART_CHARS} characters. */
    static List<String> jsonParts(String json) {
        int parts = Math.max(2, (json.length() + JSON_PART_CHARS - 1) / JSON_PART_CHARS);
        int size = Math.max(1, (json.length() + parts - 1) / parts);
        List<String> result = new ArrayList<>();
        int from = 0;
        while (from < json.length()) {
            int to = Math.min(json.length(), from + size);
            if (to < json.length() && Character.isHighSurrogate(json.charAt(to - 1))) {
                to++; // never split a surrogate pair: each part must be valid UTF-16 on its own
            }
            result.add(json.substring(from, to));
            from = to;
        }
        return result;
    }
}
