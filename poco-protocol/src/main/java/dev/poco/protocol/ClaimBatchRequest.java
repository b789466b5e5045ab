package dev.poco.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/internal/runs/claims}: Poco's batch form of poco's claim ({@link ClaimRequest},
 * whose contract stays as it is). A runner with several free slots asks for up to {@code max} runs
 * in one call instead of one long-poll per slot; the server waits, like a claim, until at least one
 * run is ready, then hands out every ready run up to {@code max} and answers a list (empty when the
 * wait ended with nothing).
 *
 * @param leaseSeconds as in {@link ClaimRequest}, for every run claimed
 * @param scheduleModes as in {@link ClaimRequest}
 * @param waitSeconds as in {@link ClaimRequest}
 * @param max how many runs at most (1 to 100; null means 1)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ClaimBatchRequest(
        String workerId,
        @Nullable Integer leaseSeconds,
        @Nullable List<String> scheduleModes,
        @Nullable Integer waitSeconds,
        @Nullable Integer max) {

    /** The largest batch a server hands out in one answer. */
    public static final int MAX_BATCH = 100;

    /** The same claim as poco's single-run request. */
    public ClaimRequest single() {
        return new ClaimRequest(workerId, leaseSeconds, scheduleModes, waitSeconds);
    }
}
