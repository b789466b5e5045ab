package dev.poco.server.memories;

import dev.poco.server.common.Json;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** SQL for {@code memory_create_jobs}. */
@Repository
class MemoryJobRepository {

    private final JdbcClient jdbc;
    private final Json json;

    MemoryJobRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    MemoryJob insert(String userId, JsonNode messages, @Nullable String runId, @Nullable JsonNode metadata,
            boolean infer) {
        return jdbc.sql("INSERT INTO memory_create_jobs (user_id, messages, run_id, metadata, infer, status, progress)"
                        + " VALUES (:user, CAST(:messages AS jsonb), :run, CAST(:metadata AS jsonb), :infer,"
                        + " 'queued', 0) RETURNING *")
                .param("user", userId).param("messages", json.write(messages)).param("run", runId)
                .param("metadata", json.write(metadata)).param("infer", infer)
                .query(row()).single();
    }

    Optional<MemoryJob> find(UUID id) {
        return jdbc.sql("SELECT * FROM memory_create_jobs WHERE id = :id").param("id", id).query(row()).optional();
    }

    Optional<MemoryJob> active(String userId) {
        return jdbc.sql("SELECT * FROM memory_create_jobs WHERE user_id = :user AND status IN ('queued', 'running')"
                        + " ORDER BY created_at DESC LIMIT 1")
                .param("user", userId).query(row()).optional();
    }

    /** Moves a queued job to running; false when it was not queued (another worker has it, or it is finished). */
    boolean start(UUID id) {
        return jdbc.sql("UPDATE memory_create_jobs SET status = 'running', progress = 0, started_at = now(),"
                        + " updated_at = now() WHERE id = :id AND status = 'queued'")
                .param("id", id).update() == 1;
    }

    void progress(UUID id, int progress) {
        jdbc.sql("UPDATE memory_create_jobs SET progress = :progress, updated_at = now() WHERE id = :id")
                .param("id", id).param("progress", progress).update();
    }

    void succeed(UUID id, JsonNode result) {
        jdbc.sql("UPDATE memory_create_jobs SET status = 'success', progress = 100, result = CAST(:result AS jsonb),"
                        + " finished_at = now(), updated_at = now() WHERE id = :id")
                .param("id", id).param("result", json.write(result)).update();
    }

    void fail(UUID id, String error) {
        jdbc.sql("UPDATE memory_create_jobs SET status = 'failed', error = :error, finished_at = now(),"
                        + " updated_at = now() WHERE id = :id")
                .param("id", id).param("error", error).update();
    }

    int failRunning(String error) {
        return jdbc.sql("UPDATE memory_create_jobs SET status = 'failed', error = :error, finished_at = now(),"
                        + " updated_at = now() WHERE status = 'running'")
                .param("error", error).update();
    }

    @SuppressWarnings("NullAway") // a NOT NULL column: Spring types single-column rows as nullable
    List<UUID> queued() {
        return jdbc.sql("SELECT id FROM memory_create_jobs WHERE status = 'queued' ORDER BY created_at")
                .query(UUID.class).list();
    }

    private RowMapper<MemoryJob> row() {
        return (rs, i) -> new MemoryJob(
                Objects.requireNonNull(rs.getObject("id", UUID.class)),
                rs.getString("user_id"),
                Objects.requireNonNull(json.read(rs.getString("messages"))),
                rs.getString("run_id"),
                json.read(rs.getString("metadata")),
                rs.getBoolean("infer"),
                rs.getString("status"),
                rs.getInt("progress"),
                json.read(rs.getString("result")),
                rs.getString("error"),
                rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class),
                Objects.requireNonNull(rs.getObject("created_at", OffsetDateTime.class)),
                Objects.requireNonNull(rs.getObject("updated_at", OffsetDateTime.class)));
    }
}
