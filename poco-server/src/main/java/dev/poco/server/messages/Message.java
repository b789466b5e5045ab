package dev.poco.server.messages;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A row of {@code agent_messages}. */
public record Message(
        long id,
        UUID sessionId,
        String role,
        JsonNode content,
        @Nullable String textPreview,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
