package dev.poco.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** poco's UsageResponse: usage logs summed (cost, duration) and merged key by key (usage_json). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record UsageView(
        @Nullable Double totalCostUsd,
        @Nullable Long totalDurationMs,
        @Nullable JsonNode usageJson) {

    public static final UsageView EMPTY = new UsageView(null, null, null);
}
