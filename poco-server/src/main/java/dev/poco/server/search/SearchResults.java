package dev.poco.server.search;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * poco's search answer: {@code query}, {@code tasks}, {@code projects}, {@code messages}. Each hit carries poco's fields
 * and, ours, where the query matched ({@code highlights}: ranges of the title, name or snippet, end exclusive, in UTF-16
 * code units as a browser counts them) and a rank (higher is better; comparable within one list only).
 */
record SearchResults(String query, List<TaskHit> tasks, List<ProjectHit> projects, List<MessageHit> messages) {

    static SearchResults empty(String query) {
        return new SearchResults(query, List.of(), List.of(), List.of());
    }

    /** A session whose title matched; {@code timestamp} is its {@code updated_at}, as in poco. */
    record TaskHit(UUID sessionId, String title, String status, OffsetDateTime timestamp, @Nullable UUID projectId,
            List<Highlight> highlights, double rank) {}

    record ProjectHit(UUID projectId, String name, List<Highlight> highlights, double rank) {}

    /**
     * A message whose text matched; {@code timestamp} is its {@code created_at}, as in poco. {@code snippet} is the part
     * of the whole text around the first match ("…" where cut), {@code highlights} index into it.
     */
    record MessageHit(long messageId, UUID sessionId, @Nullable String textPreview, OffsetDateTime timestamp,
            String role, @Nullable String sessionTitle, String snippet, List<Highlight> highlights, double rank) {}

    /** Characters {@code start} (inclusive) to {@code end} (exclusive) matched the query. */
    record Highlight(int start, int end) {}
}
