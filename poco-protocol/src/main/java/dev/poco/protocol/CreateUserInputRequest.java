package dev.poco.protocol;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/internal/user-input-requests}: the runner asks the user (AskUserQuestion) or
 * for plan approval (ExitPlanMode). Without {@code expires_at} it expires 60 s from now.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CreateUserInputRequest(
        UUID sessionId,
        String toolName,
        JsonNode toolInput,
        @Nullable OffsetDateTime expiresAt) {}
