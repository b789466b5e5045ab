package dev.poco.protocol;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * poco's UserInputRequestResponse. {@code status}: pending, answered or expired; {@code answers}:
 * a map of strings (AskUserQuestion: question text to answer; plan approval: {"approved": "true"}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UserInputRequestView(
        UUID id,
        UUID sessionId,
        String toolName,
        JsonNode toolInput,
        String status,
        @Nullable JsonNode answers,
        OffsetDateTime expiresAt,
        @Nullable OffsetDateTime answeredAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String PENDING = "pending";
    public static final String ANSWERED = "answered";
    public static final String EXPIRED = "expired";
}
