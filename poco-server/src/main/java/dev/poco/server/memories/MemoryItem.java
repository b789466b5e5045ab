package dev.poco.server.memories;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A memory as mem0 answers it ({@code get}, {@code get_all}, {@code search}). Search adds its ranking and why:
 * {@code score} (what the order follows), {@code text_rank} (full text, 0–1, 1 for the best match of the query) and
 * {@code similarity} (cosine of the embeddings, null when the model is not available); both are absent elsewhere.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record MemoryItem(
        UUID id,
        String memory,
        String hash,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable JsonNode metadata,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        String userId,
        String agentId,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String runId,
        @Nullable Double score,
        @Nullable Double textRank,
        @Nullable Double similarity,
        @Nullable String matchedBy) {

    static MemoryItem of(Memory m) {
        return new MemoryItem(m.id(), m.memory(), m.hash(), m.metadata(), m.createdAt(), m.updatedAt(), m.userId(),
                m.agentId(), m.runId(), null, null, null, null);
    }

    MemoryItem ranked(double score, double textRank, @Nullable Double similarity, String matchedBy) {
        return new MemoryItem(id, memory, hash, metadata, createdAt, updatedAt, userId, agentId, runId, score,
                textRank, similarity, matchedBy);
    }
}
