package dev.poco.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/runs/{id}/heartbeat} (Poco's addition): the runner is alive and still works
 * on the run. On a claimed run it also extends the claim lease by {@code lease_seconds}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HeartbeatRequest(String workerId, @Nullable Integer leaseSeconds) {}
