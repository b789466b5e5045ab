package dev.poco.protocol;

import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The server's answer to a heartbeat or a watch ({@code GET /api/v1/runs/{id}/watch}): the run's
 * current status and whether the runner must stop it. {@code cancel_requested} is true once the run
 * was canceled (by the user, or because its session was deleted) or failed by the server.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunDirective(UUID runId, RunStatus status, boolean cancelRequested) {

    public static RunDirective of(UUID runId, RunStatus status) {
        return new RunDirective(runId, status, status.isTerminal());
    }
}
