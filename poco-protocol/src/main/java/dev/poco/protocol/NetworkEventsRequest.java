package dev.poco.protocol;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /api/v1/internal/runs/{run_id}/network-events} (runner token): connections the run's egress gate saw
 * since the last batch, in order. Idempotent per (run, {@link NetworkEvent#seq()}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NetworkEventsRequest(List<NetworkEvent> events) {

    public NetworkEventsRequest {
        events = events == null ? List.of() : List.copyOf(events);
    }
}
