package dev.poco.server.im.telegram;

import dev.poco.server.im.Inbound;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Telegram {@code Update} objects to {@link Inbound}: {@code message} and {@code edited_message} with text (an edit
 * is keyed by its {@code edit_date}, so it is handled rather than dropped as a repeat), and {@code callback_query}
 * from our buttons. Anything else (stickers, photos, channel posts, joins, bots) is empty. In groups a message is
 * addressed to the bot when it mentions {@code @bot}, uses {@code /cmd@bot}, or replies to the bot; the mention is
 * removed from the text.
 */
final class TelegramUpdates {

    static final String PROVIDER = "telegram";

    private TelegramUpdates() {}

    static Optional<Inbound> parse(JsonNode update, @Nullable String botUsername) {
        if (update == null || !update.isObject()) {
            return Optional.empty();
        }
        JsonNode callback = update.get("callback_query");
        if (callback != null && callback.isObject()) {
            return press(callback);
        }
        boolean edited = false;
        JsonNode message = update.get("message");
        if (message == null || !message.isObject()) {
            message = update.get("edited_message");
            edited = true;
        }
        if (message == null || !message.isObject()) {
            return Optional.empty();
        }
        JsonNode chat = message.path("chat");
        JsonNode text = message.get("text");
        if (!chat.path("id").isNumber() && !chat.path("id").isString() || text == null || !text.isString()) {
            return Optional.empty();
        }
        JsonNode from = message.path("from");
        if (from.path("is_bot").asBoolean(false)) {
            return Optional.empty();
        }
        String chatId = chat.path("id").asString();
        String type = chat.path("type").asString("private");
        boolean direct = type.equals("private");
        String body = text.asString();
        boolean addressed = direct;
        if (botUsername != null && !botUsername.isBlank()) {
            Pattern mention = Pattern.compile("@" + Pattern.quote(botUsername) + "\\b", Pattern.CASE_INSENSITIVE);
            if (mention.matcher(body).find()) {
                addressed = true;
                body = mention.matcher(body).replaceAll("").strip();
            }
            String repliedTo = message.path("reply_to_message").path("from").path("username").asString("");
            if (repliedTo.equalsIgnoreCase(botUsername)) {
                addressed = true;
            }
        }
        String key = message.path("message_id").asString(update.path("update_id").asString(""));
        if (edited) {
            key += ":edit:" + message.path("edit_date").asString("");
        }
        String title = chat.path("title").asString(null);
        if (title == null) {
            title = (from.path("first_name").asString("") + " " + from.path("last_name").asString("")).strip();
            String username = from.path("username").asString("");
            if (!username.isEmpty()) {
                title = title.isEmpty() ? "@" + username : title + " (@" + username + ")";
            }
        }
        String language = from.path("language_code").asString(null);
        return Optional.of(new Inbound.Message(PROVIDER, chatId, title.isEmpty() ? null : title, direct, key,
                from.path("id").asString(""), body, addressed,
                language == null ? null : language.toLowerCase(Locale.ROOT)));
    }

    private static Optional<Inbound> press(JsonNode callback) {
        JsonNode chatId = callback.path("message").path("chat").path("id");
        String id = callback.path("id").asString("");
        String data = callback.path("data").asString("");
        if (chatId.isMissingNode() || chatId.isNull() || id.isEmpty() || data.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Inbound.ButtonPress(PROVIDER, chatId.asString(), id,
                callback.path("from").path("id").asString(""), data));
    }
}
