package dev.poco.server.messages;

import dev.poco.server.common.Json;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

@Repository
class MessageRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<Message> rows;

    MessageRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, i) -> {
            JsonNode content = json.read(rs.getString("content"));
            return new Message(rs.getLong("id"), rs.getObject("session_id", UUID.class), rs.getString("role"),
                    content == null ? json.object() : content, rs.getString("text_preview"),
                    rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
        };
    }

    Message insert(UUID sessionId, String role, JsonNode content, @Nullable String preview) {
        return jdbc.sql("""
                INSERT INTO agent_messages (session_id, role, content, text_preview)
                VALUES (:session, :role, CAST(:content AS jsonb), :preview) RETURNING *""")
                .param("session", sessionId).param("role", role).param("content", json.write(content))
                .param("preview", preview)
                .query(rows).single();
    }

    Optional<Message> find(long id) {
        return jdbc.sql("SELECT * FROM agent_messages WHERE id = :id").param("id", id).query(rows).optional();
    }

    List<Message> list(UUID sessionId, int limit) {
        return jdbc.sql("SELECT * FROM agent_messages WHERE session_id = :session ORDER BY created_at, id LIMIT :limit")
                .param("session", sessionId).param("limit", limit).query(rows).list();
    }

    List<Message> after(UUID sessionId, long afterId, int limit) {
        return jdbc.sql("SELECT * FROM agent_messages WHERE session_id = :session AND id > :after ORDER BY id LIMIT :limit")
                .param("session", sessionId).param("after", afterId).param("limit", limit).query(rows).list();
    }

    /** Messages of the session with id ≤ cutoff (or < cutoff when exclusive), in (created_at, id) order. */
    List<Message> upTo(UUID sessionId, long cutoff, boolean inclusive) {
        return jdbc.sql("SELECT * FROM agent_messages WHERE session_id = :session AND id "
                        + (inclusive ? "<=" : "<") + " :cutoff ORDER BY created_at, id")
                .param("session", sessionId).param("cutoff", cutoff).query(rows).list();
    }

    @SuppressWarnings("NullAway") // a NOT NULL column: Spring types single-column rows as nullable
    List<Long> deleteFrom(UUID sessionId, long fromId) {
        return jdbc.sql("DELETE FROM agent_messages WHERE session_id = :session AND id >= :from RETURNING id")
                .param("session", sessionId).param("from", fromId).query(Long.class).list();
    }

    Message updateContent(long id, JsonNode content, @Nullable String preview) {
        return jdbc.sql("""
                UPDATE agent_messages SET content = CAST(:content AS jsonb), text_preview = :preview, updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("content", json.write(content)).param("preview", preview)
                .query(rows).single();
    }

    List<Message> searchPreviews(String userId, String pattern, @Nullable UUID projectId, int limit) {
        return jdbc.sql("""
                SELECT m.* FROM agent_messages m JOIN agent_sessions s ON s.id = m.session_id
                WHERE s.user_id = :user AND NOT s.is_deleted AND s.kind = 'chat'
                  AND m.text_preview IS NOT NULL AND m.text_preview <> '' AND lower(m.text_preview) LIKE :pattern
                  AND (CAST(:project AS uuid) IS NULL OR s.project_id = :project)
                ORDER BY m.created_at DESC LIMIT :limit""")
                .param("user", userId).param("pattern", pattern).param("project", projectId).param("limit", limit)
                .query(rows).list();
    }
}
