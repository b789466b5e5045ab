package dev.poco.protocol;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** {@code POST /api/v1/runs/{id}/start}: the worker that claimed the run starts it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkerRequest(String workerId) {}
