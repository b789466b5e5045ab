package dev.poco.protocol;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A run's model usage as the runner's model gateway metered it (ours, not poco's): what the upstream reported for
 * every model request the sandbox made, which the sandbox cannot forge. Sent with the terminal callback ({@code
 * gateway_usage}); the server records it instead of the usage the CLI reports in its result message.
 *
 * @param requests Messages API requests the upstream answered
 * @param costUsd cost when the gateway knows the prices, else null
 * @param models the same counters per model, keyed by the model the upstream named ({@code unknown} when none)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GatewayUsage(
        long inputTokens,
        long outputTokens,
        long cacheCreationInputTokens,
        long cacheReadInputTokens,
        long requests,
        @Nullable Double costUsd,
        Map<String, Model> models) {

    public GatewayUsage {
        models = models == null ? Map.of() : Map.copyOf(Objects.requireNonNull(models));
    }

    /** Counters of one model. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Model(long inputTokens, long outputTokens, long cacheCreationInputTokens, long cacheReadInputTokens,
            long requests) {}
}
