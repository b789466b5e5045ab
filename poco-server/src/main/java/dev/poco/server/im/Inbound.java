package dev.poco.server.im;

import org.jspecify.annotations.Nullable;

/** What a provider received from a chat, after its own parsing. */
public sealed interface Inbound {

    String provider();

    String chatId();

    /**
     * A text message (or a new version of an edited one).
     *
     * @param dedupKey unique per chat and message version (an edit gets a new key)
     * @param direct a one-to-one chat; in groups the message counts only when it names the bot
     * @param addressed the message names the bot (mention, {@code /cmd@Bot}, reply to the bot)
     * @param languageHint the sender's client language, when the provider tells it ({@code zh-hans}, {@code en})
     */
    record Message(String provider, String chatId, @Nullable String chatTitle, boolean direct, String dedupKey,
            String senderId, String text, boolean addressed, @Nullable String languageHint) implements Inbound {}

    /** A press on one of our inline buttons. */
    record ButtonPress(String provider, String chatId, String pressId, String senderId, String data)
            implements Inbound {}
}
