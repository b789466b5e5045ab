package dev.poco.protocol;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One change to a session, as stored in {@code session_events} and sent on the session's
 * Server-Sent-Events stream ({@code id:} is {@link #id}, {@code event:} is {@link #type}, and
 * {@code data:} is this record as JSON). Ids increase by one per session without gaps.
 *
 * @param type a wire name from {@link EventType}
 * @param payload the changed resource in its REST shape (a MessageResponse, a RunResponse, …)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionEvent(
        long id,
        UUID sessionId,
        @Nullable UUID runId,
        String type,
        JsonNode payload,
        OffsetDateTime createdAt) {}
