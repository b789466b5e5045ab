package dev.poco.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/runs/claim}. poco's body plus {@code wait_seconds}: when no run is ready the
 * server holds the request up to that long and answers as soon as one is queued.
 *
 * @param leaseSeconds how long the claim stays valid without a heartbeat or start (≤0 or null: 30)
 * @param scheduleModes only runs with one of these schedule modes; null means any
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClaimRequest(
        String workerId,
        @Nullable Integer leaseSeconds,
        @Nullable List<String> scheduleModes,
        @Nullable Integer waitSeconds) {}
