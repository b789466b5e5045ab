package dev.poco.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code POST /api/v1/runs/{id}/fail}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailRunRequest(String workerId, @Nullable String errorMessage) {}
