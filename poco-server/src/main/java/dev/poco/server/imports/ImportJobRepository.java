package dev.poco.server.imports;

import dev.poco.server.common.Json;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** SQL for the two import job tables. */
@Repository
class ImportJobRepository {

    private final JdbcClient jdbc;
    private final Json json;

    ImportJobRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    ImportJob insert(PackageKind kind, String userId, String archiveKey, JsonNode selections) {
        return jdbc.sql("INSERT INTO " + kind.jobTable() + " (user_id, archive_key, selections, status, progress)"
                        + " VALUES (:user, :key, CAST(:selections AS jsonb), 'queued', 0) RETURNING *")
                .param("user", userId).param("key", archiveKey).param("selections", json.write(selections))
                .query(row()).single();
    }

    Optional<ImportJob> find(PackageKind kind, UUID id) {
        return jdbc.sql("SELECT * FROM " + kind.jobTable() + " WHERE id = :id").param("id", id).query(row()).optional();
    }

    /** Moves a queued job to running; false when it was not queued (another worker has it, or it is finished). */
    boolean start(PackageKind kind, UUID id) {
        return jdbc.sql("UPDATE " + kind.jobTable() + " SET status = 'running', progress = 0, started_at = now(),"
                        + " updated_at = now() WHERE id = :id AND status = 'queued'")
                .param("id", id).update() == 1;
    }

    void progress(PackageKind kind, UUID id, int progress) {
        jdbc.sql("UPDATE " + kind.jobTable() + " SET progress = :progress, updated_at = now() WHERE id = :id")
                .param("id", id).param("progress", progress).update();
    }

    void succeed(PackageKind kind, UUID id, JsonNode result) {
        jdbc.sql("UPDATE " + kind.jobTable() + " SET status = 'success', progress = 100,"
                        + " result = CAST(:result AS jsonb), finished_at = now(), updated_at = now() WHERE id = :id")
                .param("id", id).param("result", json.write(result)).update();
    }

    void fail(PackageKind kind, UUID id, String error) {
        jdbc.sql("UPDATE " + kind.jobTable() + " SET status = 'failed', error = :error, finished_at = now(),"
                        + " updated_at = now() WHERE id = :id")
                .param("id", id).param("error", error).update();
    }

    /** Fails every job left running (its worker died with the server); returns how many. */
    int failRunning(PackageKind kind, String error) {
        return jdbc.sql("UPDATE " + kind.jobTable() + " SET status = 'failed', error = :error, finished_at = now(),"
                        + " updated_at = now() WHERE status = 'running'")
                .param("error", error).update();
    }

    @SuppressWarnings("NullAway") // a NOT NULL column: Spring types single-column rows as nullable
    List<UUID> queued(PackageKind kind) {
        return jdbc.sql("SELECT id FROM " + kind.jobTable() + " WHERE status = 'queued' ORDER BY created_at")
                .query(UUID.class).list();
    }

    private RowMapper<ImportJob> row() {
        return (rs, i) -> new ImportJob(
                Objects.requireNonNull(rs.getObject("id", UUID.class)),
                rs.getString("user_id"),
                rs.getString("archive_key"),
                Objects.requireNonNull(json.read(rs.getString("selections"))),
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
