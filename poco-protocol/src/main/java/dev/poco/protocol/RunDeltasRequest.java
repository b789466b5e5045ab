package dev.poco.protocol;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/internal/runs/{run_id}/deltas} (runner token, ours): the text the model generated since the
 * last batch, in order. The server forwards it to the session's live streams and stores nothing.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunDeltasRequest(List<TextDelta> deltas) {

    public RunDeltasRequest {
        deltas = deltas == null ? List.of() : List.copyOf(deltas);
    }
}
