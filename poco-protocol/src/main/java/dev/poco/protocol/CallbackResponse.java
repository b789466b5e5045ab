package dev.poco.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * poco's CallbackResponse: the session status after the callback (or {@code callback_received}
 * when the session is unknown), the callback's status, and a note such as "Session not found yet",
 * "Session canceled; callback dropped" or "Duplicate callback ignored".
 *
 * <p>{@code disposition} is Poco's addition: the same outcome as an enum, for runners to act on
 * (the note is for people and may change). It is null when the answer came from a server that
 * does not send it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CallbackResponse(
        String sessionId,
        String status,
        @Nullable String callbackStatus,
        @Nullable String message,
        @Nullable CallbackDisposition disposition) {}
