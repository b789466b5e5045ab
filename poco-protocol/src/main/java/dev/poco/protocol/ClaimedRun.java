package dev.poco.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What a successful claim returns (poco's shape): the run, its owner, the prompt text, the run's
 * config snapshot (or the session's when the run has none) and the SDK session id to resume.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClaimedRun(
        RunView run,
        String userId,
        String prompt,
        @Nullable JsonNode configSnapshot,
        @Nullable String sdkSessionId) {}
