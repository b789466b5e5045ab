package dev.poco.server.schedules;

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

/** SQL for {@code agent_scheduled_tasks}; soft-deleted rows are invisible to every read. */
@Repository
class ScheduledTaskRepository {

    /** A due task, locked, with the database's clock at the time (the one clock every replica shares). */
    record Due(ScheduledTask task, OffsetDateTime now) {}

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<ScheduledTask> rows;

    ScheduledTaskRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, i) -> new ScheduledTask(
                rs.getObject("id", UUID.class),
                rs.getString("user_id"),
                rs.getString("name"),
                rs.getBoolean("enabled"),
                rs.getBoolean("reuse_session"),
                rs.getObject("session_id", UUID.class),
                rs.getString("cron"),
                rs.getString("timezone"),
                rs.getString("prompt"),
                json.read(rs.getString("config_snapshot")),
                json.read(rs.getString("input_files")),
                rs.getObject("next_run_at", OffsetDateTime.class),
                rs.getObject("last_run_id", UUID.class),
                rs.getString("last_run_status"),
                rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    ScheduledTask insert(String userId, String name, boolean enabled, boolean reuseSession, @Nullable UUID sessionId,
            String cron, String timezone, String prompt, JsonNode config, @Nullable JsonNode inputFiles,
            OffsetDateTime nextRunAt) {
        return jdbc.sql("""
                INSERT INTO agent_scheduled_tasks (user_id, name, enabled, reuse_session, session_id, cron, timezone,
                                                   prompt, config_snapshot, input_files, next_run_at)
                VALUES (:user, :name, :enabled, :reuse, :session, :cron, :timezone, :prompt, CAST(:config AS jsonb),
                        CAST(:files AS jsonb), :next)
                RETURNING *""")
                .param("user", userId).param("name", name).param("enabled", enabled).param("reuse", reuseSession)
                .param("session", sessionId).param("cron", cron).param("timezone", timezone).param("prompt", prompt)
                .param("config", json.write(config)).param("files", json.write(inputFiles)).param("next", nextRunAt)
                .query(rows).single();
    }

    Optional<ScheduledTask> find(UUID id) {
        return jdbc.sql("SELECT * FROM agent_scheduled_tasks WHERE id = :id AND NOT is_deleted")
                .param("id", id).query(rows).optional();
    }

    Optional<ScheduledTask> lock(UUID id) {
        return jdbc.sql("SELECT * FROM agent_scheduled_tasks WHERE id = :id AND NOT is_deleted FOR UPDATE")
                .param("id", id).query(rows).optional();
    }

    List<ScheduledTask> listByUser(String userId, int limit, int offset) {
        return jdbc.sql("""
                SELECT * FROM agent_scheduled_tasks WHERE user_id = :user AND NOT is_deleted
                ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset""")
                .param("user", userId).param("limit", limit).param("offset", offset).query(rows).list();
    }

    /**
     * Locks the task that is due first, skipping rows another transaction holds (another replica firing them) and
     * the ones this pass already handled.
     */
    Optional<Due> lockNextDue(List<UUID> handled) {
        return jdbc.sql("""
                SELECT *, now() AS db_now FROM agent_scheduled_tasks
                WHERE enabled AND NOT is_deleted AND next_run_at <= now()
                  AND NOT (id = ANY(CAST(:handled AS uuid[])))
                ORDER BY next_run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param("handled", handled.toArray(UUID[]::new))
                .query((rs, i) -> new Due(rows.mapRow(rs, i), rs.getObject("db_now", OffsetDateTime.class)))
                .optional();
    }

    OffsetDateTime now() {
        return jdbc.sql("SELECT now()").query(OffsetDateTime.class).single();
    }

    ScheduledTask update(UUID id, String name, String cron, String timezone, String prompt, boolean enabled,
            OffsetDateTime nextRunAt) {
        return jdbc.sql("""
                UPDATE agent_scheduled_tasks SET name = :name, cron = :cron, timezone = :timezone, prompt = :prompt,
                       enabled = :enabled, next_run_at = :next, updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("name", name).param("cron", cron).param("timezone", timezone)
                .param("prompt", prompt).param("enabled", enabled).param("next", nextRunAt)
                .query(rows).single();
    }

    void softDelete(UUID id) {
        jdbc.sql("UPDATE agent_scheduled_tasks SET is_deleted = true, updated_at = now() WHERE id = :id")
                .param("id", id).update();
    }

    /** A run was queued for the task (dispatch or trigger). */
    void markQueued(UUID id, UUID runId) {
        jdbc.sql("""
                UPDATE agent_scheduled_tasks SET last_run_id = :run, last_run_status = 'queued', last_error = NULL,
                       updated_at = now()
                WHERE id = :id""")
                .param("id", id).param("run", runId).update();
    }

    void setNextRunAt(UUID id, OffsetDateTime nextRunAt) {
        jdbc.sql("UPDATE agent_scheduled_tasks SET next_run_at = :next, updated_at = now() WHERE id = :id")
                .param("id", id).param("next", nextRunAt).update();
    }

    /** A fire failed: the error is kept, and the task is disabled when it can never fire again. */
    void markFailed(UUID id, String error, boolean disable) {
        jdbc.sql("""
                UPDATE agent_scheduled_tasks SET last_error = :error, enabled = enabled AND NOT :disable,
                       updated_at = now()
                WHERE id = :id""")
                .param("id", id).param("error", error).param("disable", disable).update();
    }

    /**
     * poco's summary sync: the run's status (and, for a failed run, its error; a completed or canceled one clears it)
     * when the task's last run is this run or none.
     */
    void syncLastRun(UUID id, UUID runId, String status, @Nullable String runError) {
        jdbc.sql("""
                UPDATE agent_scheduled_tasks SET last_run_id = :run, last_run_status = :status,
                       last_error = CASE :status WHEN 'failed' THEN COALESCE(:error, last_error)
                                                 WHEN 'completed' THEN NULL WHEN 'canceled' THEN NULL
                                                 ELSE last_error END,
                       updated_at = now()
                WHERE id = :id AND (last_run_id IS NULL OR last_run_id = :run)""")
                .param("id", id).param("run", runId).param("status", status).param("error", runError).update();
    }
}
