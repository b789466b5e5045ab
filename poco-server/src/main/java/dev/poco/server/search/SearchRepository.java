package dev.poco.server.search;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The search queries: a read model over {@code agent_sessions}, {@code agent_messages}, {@code projects} and the
 * {@code message_search} index (migration V40). The query text goes to {@code poco_search_query}, which parses it as
 * the documents were parsed (NULL for a query of punctuation only, which matches nothing); ranks are {@code ts_rank} normalised by document length, newest first among equals.
 */
@Repository
class SearchRepository {

    private final JdbcClient jdbc;

    SearchRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Task(UUID sessionId, String title, String status, OffsetDateTime updatedAt, @Nullable UUID projectId,
            double rank) {}

    record Project(UUID projectId, String name, double rank) {}

    record Message(long id, UUID sessionId, @Nullable String textPreview, OffsetDateTime createdAt, String role,
            @Nullable String sessionTitle, String text, double rank) {}

    List<Task> tasks(String userId, String query, @Nullable UUID projectId, int limit) {
        return jdbc.sql("""
                SELECT s.id, s.title, s.status, s.updated_at, s.project_id, ts_rank(s.title_search, q, 1) AS rank
                FROM agent_sessions s, poco_search_query(:q) AS q
                WHERE s.user_id = :user AND NOT s.is_deleted AND s.kind = 'chat' AND s.title IS NOT NULL
                  AND s.title_search @@ q
                  AND (CAST(:project AS uuid) IS NULL OR s.project_id = :project)
                ORDER BY rank DESC, s.updated_at DESC, s.id
                LIMIT :limit""")
                .param("q", query).param("user", userId).param("project", projectId).param("limit", limit)
                .query((rs, i) -> new Task(rs.getObject("id", UUID.class), rs.getString("title"),
                        rs.getString("status"), rs.getObject("updated_at", OffsetDateTime.class),
                        rs.getObject("project_id", UUID.class), rs.getDouble("rank")))
                .list();
    }

    List<Project> projects(String userId, String query, int limit) {
        return jdbc.sql("""
                SELECT p.id, p.name, ts_rank(p.name_search, q, 1) AS rank
                FROM projects p, poco_search_query(:q) AS q
                WHERE p.user_id = :user AND NOT p.is_deleted AND p.name_search @@ q
                ORDER BY rank DESC, p.updated_at DESC, p.id
                LIMIT :limit""")
                .param("q", query).param("user", userId).param("limit", limit)
                .query((rs, i) -> new Project(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getDouble("rank")))
                .list();
    }

    /**
     * The caller's matching messages ranked first, on {@code message_search} alone (materialised, so no join plan can
     * repeat the index scan), then the live chat sessions' best, then for those only their whole text and title.
     */
    List<Message> messages(String userId, String query, @Nullable UUID projectId, int limit) {
        return jdbc.sql("""
                WITH hits AS MATERIALIZED (
                    SELECT x.message_id, x.session_id, x.created_at, ts_rank(x.document, q, 1) AS rank
                    FROM poco_search_query(:q) AS q, message_search x
                    WHERE x.user_id = :user AND x.document @@ q),
                best AS (
                    SELECT hits.message_id AS id, hits.rank, hits.created_at
                    FROM hits JOIN agent_sessions s ON s.id = hits.session_id
                    WHERE NOT s.is_deleted AND s.kind = 'chat'
                      AND (CAST(:project AS uuid) IS NULL OR s.project_id = :project)
                    ORDER BY hits.rank DESC, hits.created_at DESC, hits.message_id DESC
                    LIMIT :limit)
                SELECT m.id, m.session_id, m.text_preview, m.created_at, m.role, s.title,
                       poco_message_text(m.content) AS text, best.rank
                FROM best JOIN agent_messages m ON m.id = best.id JOIN agent_sessions s ON s.id = m.session_id
                ORDER BY best.rank DESC, best.created_at DESC, best.id DESC""")
                .param("q", query).param("user", userId).param("project", projectId).param("limit", limit)
                .query((rs, i) -> {
                    String text = rs.getString("text");
                    return new Message(rs.getLong("id"), rs.getObject("session_id", UUID.class),
                            rs.getString("text_preview"), rs.getObject("created_at", OffsetDateTime.class),
                            rs.getString("role"), rs.getString("title"), text == null ? "" : text,
                            rs.getDouble("rank"));
                })
                .list();
    }
}
