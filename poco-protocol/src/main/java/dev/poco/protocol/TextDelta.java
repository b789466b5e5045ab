package dev.poco.protocol;

import java.util.Objects;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A piece of an assistant message's text (or thinking) as the model generates it (ours, not poco's). Never stored:
 * the complete message that follows is the record; a lost piece loses nothing.
 *
 * @param messageId the model's message id ({@code msg_…}) from the stream's {@code message_start}
 * @param index the content block's index in that message
 * @param kind {@code text} or {@code thinking}
 * @param offset where {@code text} starts in the block, in UTF-16 code units (a JavaScript string's length), so a
 *     client can tell a gap or a repeat
 * @param text the new characters
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TextDelta(String messageId, int index, String kind, int offset, String text) {

    public static final String TEXT = "text";
    public static final String THINKING = "thinking";

    public TextDelta {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }

    /** The same block continued by {@code more}, when {@code more} starts where this ends. */
    public boolean continuedBy(TextDelta more) {
        return messageId.equals(more.messageId) && index == more.index && kind.equals(more.kind)
                && offset + text.length() == more.offset;
    }

    public TextDelta append(TextDelta more) {
        return new TextDelta(messageId, index, kind, offset, text + more.text);
    }
}
