package dev.poco.server.im;

import org.jspecify.annotations.Nullable;

/** One reply of {@link ChatCommands}: a text, or a file ({@code /get}) sent with {@link ImChannel#sendDocument}. */
record ChatReply(String text, ImChannel.@Nullable Document document) {

    static ChatReply text(String text) {
        return new ChatReply(text, null);
    }

    static ChatReply file(ImChannel.Document document) {
        return new ChatReply(document.caption(), document);
    }
}
