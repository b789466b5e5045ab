package dev.poco.server.messages;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** poco's MessageResponse. */
public record MessageView(
        long id,
        String role,
        JsonNode content,
        @Nullable String textPreview,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static MessageView of(Message m) {
        return new MessageView(m.id(), m.role(), m.content(), m.textPreview(), m.createdAt(), m.updatedAt());
    }
}
