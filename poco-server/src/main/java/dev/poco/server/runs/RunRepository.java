package dev.poco.server.runs;

import dev.poco.protocol.RunStatus;
import dev.poco.server.common.Json;
import java.time.OffsetDateTime;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** SQL for {@code agent_runs}. Which status moves are legal is decided by {@link RunLifecycle}. */
@Repository
class RunRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<Run> rows;

    RunRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, i) -> new Run(
                rs.getObject("id", UUID.class),
                rs.getObject("session_id", UUID.class),
                rs.getLong("user_message_id"),
                RunStatus.fromWire(rs.getString("status")),
                rs.getString("permission_mode"),
                rs.getInt("progress"),
                rs.getString("schedule_mode"),
                rs.getObject("scheduled_task_id", UUID.class),
                json.read(rs.getString("config_snapshot")),
                rs.getObject("scheduled_at", OffsetDateTime.class),
                rs.getString("claimed_by"),
                rs.getObject("lease_expires_at", OffsetDateTime.class),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class),
                rs.getObject("heartbeat_at", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    Run insert(UUID sessionId, long userMessageId, String permissionMode, String scheduleMode,
            @Nullable OffsetDateTime scheduledAt, @Nullable JsonNode config, @Nullable UUID scheduledTaskId) {
        return jdbc.sql("""
                INSERT INTO agent_runs (session_id, user_message_id, status, permission_mode, progress, schedule_mode,
                                        scheduled_task_id, config_snapshot, scheduled_at, attempts)
                VALUES (:session, :message, 'queued', :mode, 0, :schedule, :task, CAST(:config AS jsonb),
                        COALESCE(CAST(:at AS timestamptz), now()), 0)
                RETURNING *""")
                .param("session", sessionId).param("message", userMessageId).param("mode", permissionMode)
                .param("schedule", scheduleMode).param("task", scheduledTaskId).param("config", json.write(config))
                .param("at", scheduledAt)
                .query(rows).single();
    }

    Optional<Run> find(UUID id) {
        return jdbc.sql("SELECT * FROM agent_runs WHERE id = :id").param("id", id).query(rows).optional();
    }

    Optional<Run> lock(UUID id) {
        return jdbc.sql("SELECT * FROM agent_runs WHERE id = :id FOR UPDATE").param("id", id).query(rows).optional();
    }

    List<Run> listBySession(UUID sessionId, int limit, int offset) {
        return jdbc.sql("""
                SELECT * FROM agent_runs WHERE session_id = :session
                ORDER BY scheduled_at, created_at LIMIT :limit OFFSET :offset""")
                .param("session", sessionId).param("limit", limit).param("offset", offset).query(rows).list();
    }

    List<Run> listByScheduledTask(UUID taskId, int limit, int offset) {
        return jdbc.sql("""
                SELECT * FROM agent_runs WHERE scheduled_task_id = :task
                ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset""")
                .param("task", taskId).param("limit", limit).param("offset", offset).query(rows).list();
    }

    boolean hasUnfinishedRun(@Nullable UUID sessionId, UUID taskId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM agent_runs WHERE status IN ('queued', 'claimed', 'running')
                               AND (scheduled_task_id = :task OR session_id = CAST(:session AS uuid)))""")
                .param("task", taskId).param("session", sessionId).query(Boolean.class).single();
    }

    /** The newest claimed or running run of the session (the run poco's callbacks apply to). */
    Optional<Run> latestActive(UUID sessionId) {
        return jdbc.sql("""
                SELECT * FROM agent_runs WHERE session_id = :session AND status IN ('claimed', 'running')
                ORDER BY created_at DESC LIMIT 1""")
                .param("session", sessionId).query(rows).optional();
    }

    /** The id of the session's newest run created before {@code runId} (any status), if any. */
    Optional<UUID> previousRunId(UUID sessionId, UUID runId) {
        return jdbc.sql("""
                SELECT r.id FROM agent_runs r, agent_runs me
                WHERE me.id = :run AND r.session_id = :session AND r.id <> me.id
                  AND (r.created_at, r.id) < (me.created_at, me.id)
                ORDER BY r.created_at DESC, r.id DESC LIMIT 1""")
                .param("session", sessionId).param("run", runId).query(UUID.class).optional();
    }

    /** The newest run of the session whose prompt is the given message. */
    Optional<Run> latestForMessage(UUID sessionId, long userMessageId) {
        return jdbc.sql("""
                SELECT * FROM agent_runs WHERE session_id = :session AND user_message_id = :message
                ORDER BY created_at DESC LIMIT 1""")
                .param("session", sessionId).param("message", userMessageId).query(rows).optional();
    }

    /**
     * How recently the runner that ran a session last must have claimed for the session's next run to wait for it:
     * an idle runner long-polls (25 s by default) and its presence is written at least every {@link
     * RunnerPresence#REFRESH}, so a live one is always within this; one that stopped cleanly is gone at once, one that
     * crashed holds its sessions for at most this long.
     */
    static final Duration STICKY = RunnerPresence.REFRESH.plusSeconds(30);

    /**
     * Locks the oldest claimable run together with its session row, skipping rows another
     * transaction holds. Claimable: queued, due, session not deleted, no active run in the
     * session (as of this statement's snapshot; the caller re-checks under the lock), and not a
     * run of a session whose last runner is another live runner that takes its mode: that runner
     * holds the session's workspace, so the run stays with it (issue 18); once it is gone, any
     * runner takes the run and restores the workspace from the session's stored state.
     */
    Optional<Run> lockNextCandidate(String workerId, @Nullable List<String> modes, List<UUID> excluded) {
        return jdbc.sql("""
                SELECT r.* FROM agent_runs r JOIN agent_sessions s ON s.id = r.session_id
                WHERE r.status = 'queued' AND r.scheduled_at <= now() AND NOT s.is_deleted
                  AND NOT EXISTS (SELECT 1 FROM agent_runs a WHERE a.session_id = r.session_id
                                  AND a.status IN ('claimed', 'running'))
                  AND (CAST(:anyMode AS boolean) OR r.schedule_mode = ANY(CAST(:modes AS varchar[])))
                  AND NOT (r.id = ANY(CAST(:excluded AS uuid[])))
                  AND NOT EXISTS (
                      SELECT 1 FROM runner_presence p
                      WHERE p.worker_id <> :worker
                        AND p.last_claim_at > now() - make_interval(secs => :sticky)
                        AND (p.schedule_modes IS NULL OR jsonb_exists(p.schedule_modes, r.schedule_mode))
                        AND p.worker_id = (SELECT q.claimed_by FROM agent_runs q
                                           WHERE q.session_id = r.session_id AND q.started_at IS NOT NULL
                                             AND q.claimed_by IS NOT NULL
                                           ORDER BY q.created_at DESC LIMIT 1))
                ORDER BY r.scheduled_at, r.created_at
                LIMIT 1
                FOR UPDATE OF r, s SKIP LOCKED""")
                .param("worker", workerId).param("sticky", STICKY.toSeconds())
                .param("anyMode", modes == null)
                .param("modes", modes == null ? new String[0] : modes.toArray(String[]::new))
                .param("excluded", excluded.toArray(UUID[]::new))
                .query(rows).optional();
    }

    /** A fresh look (new snapshot) at whether the session has another active run. */
    boolean hasOtherActiveRun(UUID sessionId, UUID runId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM agent_runs WHERE session_id = :session AND id <> :run
                               AND status IN ('claimed', 'running'))""")
                .param("session", sessionId).param("run", runId).query(Boolean.class).single();
    }

    /** Whether the session has an unfinished run other than {@code runId} (any, when null). */
    boolean hasOtherUnfinishedRun(UUID sessionId, @Nullable UUID runId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM agent_runs WHERE session_id = :session
                               AND (CAST(:run AS uuid) IS NULL OR id <> :run)
                               AND status IN ('queued', 'claimed', 'running'))""")
                .param("session", sessionId).param("run", runId).query(Boolean.class).single();
    }

    Run markClaimed(UUID id, String workerId, int leaseSeconds) {
        return jdbc.sql("""
                UPDATE agent_runs SET status = 'claimed', claimed_by = :worker,
                       lease_expires_at = now() + make_interval(secs => :lease), updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("worker", workerId).param("lease", leaseSeconds).query(rows).single();
    }

    Run markRunning(UUID id) {
        return jdbc.sql("""
                UPDATE agent_runs SET status = 'running', started_at = COALESCE(started_at, now()),
                       lease_expires_at = NULL, heartbeat_at = now(), attempts = attempts + 1, updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).query(rows).single();
    }

    /** The run moved to running because a callback said so (poco: started_at set if null, no attempt). */
    Run markRunningFromCallback(UUID id, int progress) {
        return jdbc.sql("""
                UPDATE agent_runs SET status = 'running', started_at = COALESCE(started_at, now()),
                       lease_expires_at = NULL, heartbeat_at = now(), progress = :progress, updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("progress", progress).query(rows).single();
    }

    /** Progress from a callback; a callback is also a sign of life, so it counts as a heartbeat. */
    Run setProgress(UUID id, int progress) {
        return jdbc.sql("""
                UPDATE agent_runs SET progress = :progress, heartbeat_at = now(), updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("progress", progress).query(rows).single();
    }

    Run finish(UUID id, RunStatus status, @Nullable String lastError, @Nullable Integer progress) {
        return jdbc.sql("""
                UPDATE agent_runs SET status = :status, last_error = :error, finished_at = now(),
                       lease_expires_at = NULL, progress = COALESCE(:progress, progress), updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("status", status.wire()).param("error", lastError).param("progress", progress)
                .query(rows).single();
    }

    Run heartbeat(UUID id, @Nullable Integer leaseSeconds) {
        return jdbc.sql("""
                UPDATE agent_runs SET heartbeat_at = now(),
                       lease_expires_at = CASE WHEN status = 'claimed' AND CAST(:lease AS integer) IS NOT NULL
                                               THEN now() + make_interval(secs => CAST(:lease AS integer))
                                               ELSE lease_expires_at END
                WHERE id = :id RETURNING *""")
                .param("id", id).param("lease", leaseSeconds).query(rows).single();
    }

    /** The user's sessions that have a queued, claimed or running run. */
    List<UUID> sessionsWithUnfinishedRuns(String userId) {
        return jdbc.sql("""
                SELECT DISTINCT r.session_id FROM agent_runs r JOIN agent_sessions s ON s.id = r.session_id
                WHERE s.user_id = :user AND r.status IN ('queued', 'claimed', 'running')""")
                .param("user", userId).query((rs, i) -> java.util.Objects.requireNonNull(rs.getObject(1, UUID.class)))
                .list();
    }

    /** Cancels every unfinished run of the session (poco also clears the claim). */
    List<Run> cancelUnfinished(UUID sessionId) {
        return jdbc.sql("""
                UPDATE agent_runs SET status = 'canceled', finished_at = now(), claimed_by = NULL,
                       lease_expires_at = NULL, updated_at = now()
                WHERE session_id = :session AND status IN ('queued', 'claimed', 'running') RETURNING *""")
                .param("session", sessionId).query(rows).list();
    }

    /** Claims whose lease ran out go back to the queue (attempts unchanged). */
    List<Run> requeueExpiredClaims() {
        return jdbc.sql("""
                UPDATE agent_runs SET status = 'queued', claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
                WHERE id IN (SELECT id FROM agent_runs WHERE status = 'claimed' AND lease_expires_at < now()
                             FOR UPDATE SKIP LOCKED)
                RETURNING *""")
                .query(rows).list();
    }

    /**
     * Serialises a worker's claims with the release of its claims (transaction-scoped advisory lock on
     * the worker id), so a claim in flight when the worker releases is either seen released or
     * committed before the release requeues.
     */
    void lockWorker(String workerId) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:worker, 7033))").param("worker", workerId)
                .query((rs, n) -> 0).list();
    }

    /** The worker's claimed but unstarted runs back to the queue (the worker stopped); returns them. */
    List<Run> requeueClaimsOf(String workerId) {
        return jdbc.sql("""
                UPDATE agent_runs SET status = 'queued', claimed_by = NULL, lease_expires_at = NULL, updated_at = now()
                WHERE status = 'claimed' AND claimed_by = :worker
                RETURNING *""")
                .param("worker", workerId).query(rows).list();
    }

    /** Running runs whose last sign of life is older than the timeout, locked for failing. */
    List<Run> lockSilentRuns(int timeoutSeconds) {
        return jdbc.sql("""
                SELECT * FROM agent_runs
                WHERE status = 'running'
                  AND COALESCE(heartbeat_at, started_at, updated_at) < now() - make_interval(secs => :timeout)
                FOR UPDATE SKIP LOCKED""")
                .param("timeout", timeoutSeconds).query(rows).list();
    }

    List<Run> deleteFromMessage(UUID sessionId, long userMessageId) {
        return jdbc.sql("DELETE FROM agent_runs WHERE session_id = :session AND user_message_id >= :message RETURNING *")
                .param("session", sessionId).param("message", userMessageId).query(rows).list();
    }

    /** Copies a finished run into another session (branch): same outcome, no claim, no schedule link. */
    Run cloneInto(Run run, UUID sessionId, long userMessageId) {
        return jdbc.sql("""
                INSERT INTO agent_runs (session_id, user_message_id, status, permission_mode, progress, schedule_mode,
                                        config_snapshot, scheduled_at, attempts, last_error, started_at, finished_at)
                SELECT :session, :message, status, permission_mode, progress, schedule_mode, config_snapshot,
                       scheduled_at, attempts, last_error, started_at, finished_at
                FROM agent_runs WHERE id = :id
                RETURNING *""")
                .param("session", sessionId).param("message", userMessageId).param("id", run.id())
                .query(rows).single();
    }
}
