package dev.poco.server.memories;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Hybrid ranking of one user's memories for a query. Full text comes from PostgreSQL ({@code ts_rank_cd} over the
 * {@code simple} tsvector, any query term or prefix), scaled so that the best text match of the query is 1;
 * similarity is the cosine of the query's and the memory's embeddings, computed here over the caller's memories only
 * (the embedded PostgreSQL has no pgvector; a user's memories number in the hundreds). A memory is found when it
 * shares a term with the query or its similarity reaches {@link MemoryProperties#minSimilarity()}; its score is
 * {@value #TEXT_WEIGHT} × text + {@value #SEMANTIC_WEIGHT} × similarity (text alone without a model).
 */
@Component
class MemorySearch {

    static final double TEXT_WEIGHT = 0.35;
    static final double SEMANTIC_WEIGHT = 0.65;

    private final MemoryRepository memories;
    private final MemoryEmbeddings embeddings;
    private final MemoryProperties properties;

    MemorySearch(MemoryRepository memories, MemoryEmbeddings embeddings, MemoryProperties properties) {
        this.memories = memories;
        this.embeddings = embeddings;
        this.properties = properties;
    }

    /**
     * @param metadata JSON object the memories' metadata must contain (mem0's filters), or null
     * @return at most {@code limit} memories, best first, each with its score explained
     */
    List<MemoryItem> search(String userId, String query, @Nullable String runId, @Nullable String agentId,
            @Nullable JsonNode metadata, int limit) {
        String tsQuery = MemoryText.tsQuery(MemoryText.queryTerms(query));
        List<MemoryRepository.Ranked> candidates = memories.candidates(userId, tsQuery, runId, agentId, metadata);
        if (candidates.isEmpty()) {
            return List.of();
        }
        Optional<float[]> vector = embeddings.embed(query);
        return rank(candidates, vector.orElse(null), limit);
    }

    /** The memories closest to {@code text}, best first (extraction shows them to the model). */
    List<MemoryItem> closest(String userId, String text, int limit) {
        return search(userId, text, null, null, null, limit);
    }

    /** The live memory most similar to {@code vector} when its similarity reaches {@code threshold}. */
    Optional<Memory> nearDuplicate(String userId, float @Nullable [] vector, double threshold) {
        if (vector == null) {
            return Optional.empty();
        }
        Memory best = null;
        double bestSimilarity = threshold;
        for (MemoryRepository.Ranked c : memories.candidates(userId, "", null, null, null)) {
            float[] other = c.memory().embedding();
            if (other != null) {
                double s = MemoryEmbeddings.cosine(vector, other);
                if (s >= bestSimilarity) {
                    best = c.memory();
                    bestSimilarity = s;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private List<MemoryItem> rank(List<MemoryRepository.Ranked> candidates, float @Nullable [] query, int limit) {
        double maxText = candidates.stream().mapToDouble(MemoryRepository.Ranked::textRank).max().orElse(0);
        List<MemoryItem> found = new ArrayList<>();
        for (MemoryRepository.Ranked c : candidates) {
            double text = maxText > 0 ? c.textRank() / maxText : 0;
            float[] vector = c.memory().embedding();
            Double similarity = query != null && vector != null ? round(MemoryEmbeddings.cosine(query, vector)) : null;
            boolean semantic = similarity != null && similarity >= properties.minSimilarity();
            if (text <= 0 && !semantic) {
                continue;
            }
            double score = query == null ? text
                    : TEXT_WEIGHT * text + SEMANTIC_WEIGHT * Math.max(0, similarity == null ? 0 : similarity);
            String matchedBy = text > 0 && semantic ? "text+semantic" : text > 0 ? "text" : "semantic";
            found.add(MemoryItem.of(c.memory()).ranked(round(score), round(text), similarity, matchedBy));
        }
        found.sort(Comparator.comparing((MemoryItem i) -> i.score() == null ? 0 : i.score()).reversed()
                .thenComparing(MemoryItem::updatedAt, Comparator.reverseOrder()));
        return found.size() <= limit ? found : List.copyOf(found.subList(0, limit));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
