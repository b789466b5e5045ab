package dev.poco.server.tools;

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
class ToolExecutionRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<ToolExecution> rows;

    ToolExecutionRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, i) -> new ToolExecution(
                rs.getObject("id", UUID.class),
                rs.getObject("session_id", UUID.class),
                rs.getLong("message_id"),
                rs.getString("tool_use_id"),
                rs.getString("tool_name"),
                json.read(rs.getString("tool_input")),
                json.read(rs.getString("tool_output")),
                rs.getObject("result_message_id", Long.class),
                rs.getBoolean("is_error"),
                rs.getObject("duration_ms", Integer.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    /** Insert or update by (session, tool_use_id): the tool call as the agent made it. */
    ToolExecution upsertUse(UUID sessionId, long messageId, String toolUseId, String name, @Nullable JsonNode input) {
        return jdbc.sql("""
                INSERT INTO tool_executions (session_id, message_id, tool_use_id, tool_name, tool_input, is_error)
                VALUES (:session, :message, :use, :name, CAST(:input AS jsonb), false)
                ON CONFLICT (session_id, tool_use_id) DO UPDATE
                   SET tool_name = EXCLUDED.tool_name, tool_input = EXCLUDED.tool_input,
                       message_id = EXCLUDED.message_id, updated_at = now()
                RETURNING *""")
                .param("session", sessionId).param("message", messageId).param("use", toolUseId)
                .param("name", name).param("input", json.write(input))
                .query(rows).single();
    }

    /** Records a result; inserts an {@code unknown} placeholder when the result came first. */
    ToolExecution recordResult(UUID sessionId, long resultMessageId, String toolUseId, JsonNode output, boolean isError) {
        return jdbc.sql("""
                INSERT INTO tool_executions (session_id, message_id, tool_use_id, tool_name, tool_output,
                                             result_message_id, is_error, duration_ms)
                VALUES (:session, :message, :use, 'unknown', CAST(:output AS jsonb), :message, :error, 0)
                ON CONFLICT (session_id, tool_use_id) DO UPDATE
                   SET tool_output = EXCLUDED.tool_output, result_message_id = EXCLUDED.result_message_id,
                       is_error = EXCLUDED.is_error,
                       duration_ms = COALESCE(tool_executions.duration_ms,
                           GREATEST(0, (EXTRACT(EPOCH FROM (now() - tool_executions.created_at)) * 1000)::int)),
                       updated_at = now()
                RETURNING *""")
                .param("session", sessionId).param("message", resultMessageId).param("use", toolUseId)
                .param("output", json.write(output)).param("error", isError)
                .query(rows).single();
    }

    /** Closes every unfinished execution of the session as an error (SQL NULL and JSON null alike). */
    List<ToolExecution> closeUnfinished(UUID sessionId, JsonNode output) {
        return jdbc.sql("""
                UPDATE tool_executions
                   SET is_error = true, tool_output = CAST(:output AS jsonb),
                       duration_ms = COALESCE(duration_ms,
                           GREATEST(0, (EXTRACT(EPOCH FROM (now() - created_at)) * 1000)::int)),
                       updated_at = now()
                 WHERE session_id = :session AND (tool_output IS NULL OR tool_output = 'null'::jsonb)
                RETURNING *""")
                .param("session", sessionId).param("output", json.write(output))
                .query(rows).list();
    }

    Optional<ToolExecution> find(UUID id) {
        return jdbc.sql("SELECT * FROM tool_executions WHERE id = :id").param("id", id).query(rows).optional();
    }

    List<ToolExecution> list(UUID sessionId, int limit, int offset) {
        return jdbc.sql("""
                SELECT * FROM tool_executions WHERE session_id = :session
                ORDER BY created_at, id LIMIT :limit OFFSET :offset""")
                .param("session", sessionId).param("limit", limit).param("offset", offset).query(rows).list();
    }

    List<ToolExecution> delta(UUID sessionId, @Nullable OffsetDateTime after, @Nullable UUID afterId, int limit) {
        return jdbc.sql("""
                SELECT * FROM tool_executions WHERE session_id = :session
                  AND (CAST(:after AS timestamptz) IS NULL
                       OR updated_at > :after
                       OR (CAST(:afterId AS uuid) IS NOT NULL AND updated_at = :after AND id > :afterId))
                ORDER BY updated_at, id LIMIT :limit""")
                .param("session", sessionId).param("after", after).param("afterId", afterId).param("limit", limit)
                .query(rows).list();
    }
}
