package dev.poco.server.im.feishu;

import dev.poco.server.im.Inbound;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Feishu event callbacks (schema 2.0, already decrypted) to {@link Inbound}: {@code im.message.receive_v1} with a
 * {@code text} or {@code post} message from a user becomes a {@link Inbound.Message} (keyed by {@code message_id},
 * so a callback Feishu sends again is dropped as a repeat), {@code card.action.trigger} from our buttons a
 * {@link Inbound.ButtonPress} (keyed by the event id). In a group a message counts when it mentions the bot (by its
 * open_id, or by the app name while the open_id is not known yet); the bot's mention is removed, other mentions
 * become {@code @name}. A message of another type (image, sticker, file, …) is {@link Unsupported}; everything else
 * (other events, bots, malformed shapes) is {@link Ignored}.
 */
final class FeishuInbound {

    static final String PROVIDER = "feishu";

    /** What a callback amounts to. */
    sealed interface Parsed {}

    record Handle(Inbound inbound) implements Parsed {}

    /** A message we cannot read (not text): the chat gets a short note. */
    record Unsupported(String chatId, String messageId, String messageType) implements Parsed {}

    record Ignored() implements Parsed {}

    private FeishuInbound() {}

    static Parsed parse(JsonNode callback, @Nullable String botOpenId, @Nullable String botName, ObjectMapper mapper) {
        String type = callback.path("header").path("event_type").asString("");
        JsonNode event = callback.path("event");
        if (!event.isObject()) {
            return new Ignored();
        }
        return switch (type) {
            case "im.message.receive_v1" -> message(callback, event, botOpenId, botName, mapper);
            case "card.action.trigger" -> press(callback, event);
            default -> new Ignored();
        };
    }

    private static Parsed message(JsonNode callback, JsonNode event, @Nullable String botOpenId,
            @Nullable String botName, ObjectMapper mapper) {
        JsonNode sender = event.path("sender");
        JsonNode message = event.path("message");
        String chatId = message.path("chat_id").asString("");
        String messageId = message.path("message_id").asString("");
        if (!sender.path("sender_type").asString("user").equals("user") || chatId.isEmpty() || messageId.isEmpty()) {
            return new Ignored();
        }
        boolean direct = message.path("chat_type").asString("p2p").equals("p2p");
        Set<String> botKeys = new HashSet<>();
        List<String[]> others = new ArrayList<>(); // {key, name}
        for (JsonNode m : message.path("mentions")) {
            String key = m.path("key").asString("");
            String openId = m.path("id").path("open_id").asString("");
            String name = m.path("name").asString("");
            // before the bot's identity is known, any mention counts: Feishu delivers group messages only
            // when they mention the bot, unless the app was given the "all group messages" permission
            boolean bot = botOpenId != null ? botOpenId.equals(openId) : botName == null || botName.equals(name);
            if (bot && !key.isEmpty()) {
                botKeys.add(key);
            } else if (!key.isEmpty()) {
                others.add(new String[] {key, name});
            }
        }
        boolean addressed = direct || !botKeys.isEmpty();
        String messageType = message.path("message_type").asString("");
        if (!messageType.equals("text") && !messageType.equals("post")) {
            return addressed ? new Unsupported(chatId, messageId, messageType) : new Ignored();
        }
        JsonNode content;
        try {
            content = mapper.readTree(message.path("content").asString(""));
        } catch (RuntimeException e) {
            return new Ignored();
        }
        if (content == null || !content.isObject()) {
            return new Ignored();
        }
        String text = messageType.equals("text") ? content.path("text").asString("") : postText(content, botKeys);
        for (String key : botKeys) {
            text = text.replace(key, "");
        }
        for (String[] other : others) {
            text = text.replace(other[0], "@" + other[1]);
        }
        text = text.replaceAll("[\\u200B-\\u200D\\uFEFF]", "").strip();
        if (text.startsWith("／")) {
            text = "/" + text.substring(1);
        }
        if (text.isEmpty()) {
            text = "/help"; // only the mention: as poco, the help
        }
        String senderId = sender.path("sender_id").path("open_id").asString("");
        return new Handle(new Inbound.Message(PROVIDER, chatId, null, direct, messageId, senderId, text, addressed,
                null));
    }

    /** A post's visible text: title, then one line per paragraph; the bot's {@code at} elements left out. */
    private static String postText(JsonNode content, Set<String> botKeys) {
        JsonNode body = content;
        if (!body.path("content").isArray()) {
            body = content.path("zh_cn").isObject() ? content.path("zh_cn") : content.path("en_us");
        }
        List<String> lines = new ArrayList<>();
        String title = body.path("title").asString("");
        if (!title.isBlank()) {
            lines.add(title);
        }
        for (JsonNode paragraph : body.path("content")) {
            StringBuilder line = new StringBuilder();
            for (JsonNode e : paragraph) {
                switch (e.path("tag").asString("")) {
                    case "text", "a" -> line.append(e.path("text").asString(""));
                    case "at" -> {
                        String key = e.path("user_id").asString("");
                        if (!botKeys.contains(key)) {
                            line.append('@').append(e.path("user_name").asString(key));
                        }
                    }
                    case "code_block" -> line.append("```").append(e.path("language").asString("")).append('\n')
                            .append(e.path("text").asString("")).append("\n```");
                    default -> { } // images, media, emotions: nothing to read
                }
            }
            lines.add(line.toString());
        }
        return String.join("\n", lines);
    }

    private static Parsed press(JsonNode callback, JsonNode event) {
        String eventId = callback.path("header").path("event_id").asString("");
        String chatId = event.path("context").path("open_chat_id").asString("");
        JsonNode value = event.path("action").path("value");
        String data = value.isObject() ? value.path("data").asString("") : value.asString("");
        if (eventId.isEmpty() || chatId.isEmpty() || data.isEmpty()) {
            return new Ignored();
        }
        return new Handle(new Inbound.ButtonPress(PROVIDER, chatId, eventId,
                event.path("operator").path("open_id").asString(""), data));
    }
}
