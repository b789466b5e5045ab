package dev.poco.server.memories;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * poco's search body {@code {query, run_id?, filters?}}, plus mem0's {@code limit} (default 100). Filters are mem0's:
 * {@code run_id} and {@code agent_id} match those fields, any other key the memory's metadata.
 */
public record SearchMemoriesRequest(
        @NotNull String query,
        @Nullable String runId,
        @Nullable JsonNode filters,
        @Nullable @Min(1) @Max(100) Integer limit) {}
