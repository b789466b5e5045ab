package dev.poco.server.memories;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A row of {@code memories}; {@code embedding} is null when the model was not available. */
record Memory(
        UUID id,
        String userId,
        String agentId,
        @Nullable String runId,
        String memory,
        String hash,
        @Nullable JsonNode metadata,
        float @Nullable [] embedding,
        @Nullable OffsetDateTime deletedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    static final String AGENT_ID = "poco-agent";

    boolean deleted() {
        return deletedAt != null;
    }
}
