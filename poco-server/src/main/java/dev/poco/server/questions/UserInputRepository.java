package dev.poco.server.questions;

import dev.poco.protocol.UserInputRequestView;
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
class UserInputRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<UserInputRequestView> rows;

    UserInputRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, i) -> {
            JsonNode input = json.read(rs.getString("tool_input"));
            return new UserInputRequestView(
                    rs.getObject("id", UUID.class), rs.getObject("session_id", UUID.class), rs.getString("tool_name"),
                    input == null ? json.object() : input, rs.getString("status"), json.read(rs.getString("answers")),
                    rs.getObject("expires_at", OffsetDateTime.class), rs.getObject("answered_at", OffsetDateTime.class),
                    rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
        };
    }

    UserInputRequestView insert(UUID sessionId, String toolName, JsonNode input, @Nullable OffsetDateTime expiresAt,
            int defaultSeconds) {
        return jdbc.sql("""
                INSERT INTO user_input_requests (session_id, tool_name, tool_input, status, expires_at)
                VALUES (:session, :tool, CAST(:input AS jsonb), 'pending',
                        COALESCE(CAST(:expires AS timestamptz), now() + make_interval(secs => :seconds)))
                RETURNING *""")
                .param("session", sessionId).param("tool", toolName).param("input", json.write(input))
                .param("expires", expiresAt).param("seconds", defaultSeconds)
                .query(rows).single();
    }

    Optional<UserInputRequestView> find(UUID id) {
        return jdbc.sql("SELECT * FROM user_input_requests WHERE id = :id").param("id", id).query(rows).optional();
    }

    Optional<UserInputRequestView> lock(UUID id) {
        return jdbc.sql("SELECT * FROM user_input_requests WHERE id = :id FOR UPDATE").param("id", id).query(rows).optional();
    }

    List<UserInputRequestView> pendingForSession(UUID sessionId) {
        return jdbc.sql("""
                SELECT * FROM user_input_requests WHERE session_id = :session AND status = 'pending'
                ORDER BY created_at, id""")
                .param("session", sessionId).query(rows).list();
    }

    /** Pending requests of the user's sessions (soft-deleted sessions included, as poco does). */
    List<UserInputRequestView> pendingForUser(String userId, @Nullable UUID sessionId) {
        return jdbc.sql("""
                SELECT r.* FROM user_input_requests r JOIN agent_sessions s ON s.id = r.session_id
                WHERE s.user_id = :user AND r.status = 'pending'
                  AND (CAST(:session AS uuid) IS NULL OR r.session_id = :session)
                ORDER BY r.created_at, r.id""")
                .param("user", userId).param("session", sessionId).query(rows).list();
    }

    UserInputRequestView answer(UUID id, JsonNode answers) {
        return jdbc.sql("""
                UPDATE user_input_requests SET status = 'answered', answers = CAST(:answers AS jsonb),
                       answered_at = now(), updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("answers", json.write(answers)).query(rows).single();
    }

    /** Expires one request if it is pending and past due; empty when nothing changed. */
    Optional<UserInputRequestView> expireIfDue(UUID id) {
        return jdbc.sql("""
                UPDATE user_input_requests SET status = 'expired', updated_at = now()
                WHERE id = :id AND status = 'pending' AND expires_at <= now() RETURNING *""")
                .param("id", id).query(rows).optional();
    }

    List<UserInputRequestView> expireAllDue(int limit) {
        return jdbc.sql("""
                UPDATE user_input_requests SET status = 'expired', updated_at = now()
                WHERE id IN (SELECT id FROM user_input_requests WHERE status = 'pending' AND expires_at <= now()
                             ORDER BY expires_at LIMIT :limit FOR UPDATE SKIP LOCKED)
                RETURNING *""")
                .param("limit", limit).query(rows).list();
    }

    List<UserInputRequestView> expirePendingOfSession(UUID sessionId) {
        return jdbc.sql("""
                UPDATE user_input_requests SET status = 'expired', expires_at = now(), updated_at = now()
                WHERE session_id = :session AND status = 'pending' RETURNING *""")
                .param("session", sessionId).query(rows).list();
    }
}
