package dev.poco.server.im.dingtalk;

import dev.poco.server.im.Inbound;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * DingTalk robot messages (the stream's {@code /v1.0/im/bot/messages/get} callback and the outgoing webhook carry the
 * same JSON) to {@link Inbound}. Text counts, and so do a voice message's recognised text and the text parts of a
 * rich-text message; pictures, files and the like are empty. A one-to-one chat ({@code conversationType "1"}) is
 * keyed by the sender's staff id ({@code user:<id>}, which the OpenAPI needs to reach it again after the session
 * webhook expired); a group by its {@code conversationId}, and a group message counts only when the bot is mentioned
 * ({@code isInAtList}, or the bot among {@code atUsers}). Leading {@code @Name} mentions are removed. A text
 * {@code /press <data>} is what one of our action-card buttons sends in the user's name: a {@link Inbound.ButtonPress}.
 */
final class DingTalkMessages {

    static final String PROVIDER = "dingtalk";
    static final String USER_PREFIX = "user:";
    static final String PRESS = "/press ";

    private DingTalkMessages() {}

    /** The message, and where to reply while DingTalk still accepts it (the session webhook). */
    record Received(Inbound inbound, @Nullable String sessionWebhook, long sessionWebhookExpires) {}

    static Optional<Received> parse(@Nullable JsonNode m) {
        if (m == null || !m.isObject()) {
            return Optional.empty();
        }
        String conversationId = m.path("conversationId").asString("");
        String msgId = m.path("msgId").asString(m.path("messageId").asString(m.path("createAt").asString("")));
        if (conversationId.isEmpty() || msgId.isEmpty()) {
            return Optional.empty();
        }
        String sender = m.path("senderStaffId").asString(m.path("senderId").asString(""));
        String bot = m.path("chatbotUserId").asString("");
        if (!bot.isEmpty() && (bot.equals(m.path("senderId").asString("")) || bot.equals(sender))) {
            return Optional.empty(); // our own message
        }
        String text = text(m);
        if (text == null) {
            return Optional.empty();
        }
        text = stripMentions(text);
        boolean direct = !"2".equals(m.path("conversationType").asString("1"));
        String staffId = m.path("senderStaffId").asString("");
        String chatId = direct && !staffId.isEmpty() ? USER_PREFIX + staffId : conversationId;
        boolean addressed = direct || m.path("isInAtList").asBoolean(false) || mentionsBot(m, bot);
        String webhook = m.path("sessionWebhook").asString(null);
        long expires = m.path("sessionWebhookExpiredTime").asLong(0);
        Inbound inbound;
        if (text.startsWith(PRESS) && text.length() > PRESS.length()) {
            inbound = new Inbound.ButtonPress(PROVIDER, chatId, msgId, sender, text.substring(PRESS.length()).strip());
        } else {
            String title = direct ? m.path("senderNick").asString(null) : m.path("conversationTitle").asString(null);
            inbound = new Inbound.Message(PROVIDER, chatId, title, direct, msgId, sender, text, addressed, null);
        }
        return Optional.of(new Received(inbound, webhook, expires));
    }

    private static @Nullable String text(JsonNode m) {
        String type = m.path("msgtype").asString("text");
        return switch (type) {
            case "text" -> m.path("text").path("content").isString() ? m.path("text").path("content").asString()
                    : null;
            case "audio" -> m.path("content").path("recognition").isString()
                    ? m.path("content").path("recognition").asString() : null;
            case "richText" -> {
                StringBuilder out = new StringBuilder();
                for (JsonNode part : m.path("content").path("richText")) {
                    if (part.path("text").isString()) {
                        out.append(part.path("text").asString());
                    }
                }
                yield out.isEmpty() ? null : out.toString();
            }
            default -> null; // picture, file, video, …: nothing we can act on
        };
    }

    private static boolean mentionsBot(JsonNode m, String bot) {
        if (bot.isEmpty()) {
            return false;
        }
        for (JsonNode user : m.path("atUsers")) {
            if (bot.equals(user.path("dingtalkId").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** Without leading {@code @Name} mentions and DingTalk's mention spaces (U+2005, U+2006). */
    static String stripMentions(String text) {
        String t = text.replace('\u2005', ' ').replace('\u2006', ' ').replace("\u200b", "").strip();
        while (t.startsWith("@")) {
            int space = t.indexOf(' ');
            t = space < 0 ? "" : t.substring(space + 1).strip();
        }
        return t;
    }
}
