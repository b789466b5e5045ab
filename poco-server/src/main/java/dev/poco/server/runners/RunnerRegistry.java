package dev.poco.server.runners;

import dev.poco.server.common.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** {@code runner_registration_tokens} and {@code registered_runners}; reads {@code runner_presence} for the list. */
@Repository
class RunnerRegistry {

    private static final String TOKEN_COLUMNS = "id, prefix, created_by, created_at, expires_at, max_uses, uses,"
            + " revoked_at";
    private static final String RUNNER_COLUMNS = "id, name, host, prefix, registered_at, worker_id, last_seen_at,"
            + " revoked_at";

    private final JdbcClient jdbc;
    private final Json json;

    RunnerRegistry(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    RegistrationToken insertToken(String hash, String prefix, String createdBy, OffsetDateTime expiresAt,
            int maxUses) {
        return jdbc.sql("INSERT INTO runner_registration_tokens (id, token_hash, prefix, created_by, expires_at,"
                        + " max_uses) VALUES (:id, :hash, :prefix, :by, :expires, :max) RETURNING " + TOKEN_COLUMNS)
                .param("id", UUID.randomUUID()).param("hash", hash).param("prefix", prefix).param("by", createdBy)
                .param("expires", expiresAt).param("max", maxUses)
                .query(RunnerRegistry::token).single();
    }

    /** The registration token with this hash, locked for the registration's transaction. */
    Optional<RegistrationToken> lockToken(String hash) {
        return jdbc.sql("SELECT " + TOKEN_COLUMNS + " FROM runner_registration_tokens WHERE token_hash = :hash"
                        + " FOR UPDATE")
                .param("hash", hash).query(RunnerRegistry::token).optional();
    }

    void useToken(UUID id) {
        jdbc.sql("UPDATE runner_registration_tokens SET uses = uses + 1 WHERE id = :id").param("id", id).update();
    }

    RegisteredRunner insertRunner(String name, @Nullable String host, String hash, String prefix, UUID tokenId) {
        return jdbc.sql("INSERT INTO registered_runners (id, name, host, credential_hash, prefix,"
                        + " registration_token_id) VALUES (:id, :name, :host, :hash, :prefix, :token) RETURNING "
                        + RUNNER_COLUMNS)
                .param("id", UUID.randomUUID()).param("name", name).param("host", host).param("hash", hash)
                .param("prefix", prefix).param("token", tokenId)
                .query(RunnerRegistry::runner).single();
    }

    Optional<RegisteredRunner> runnerByHash(String hash) {
        return jdbc.sql("SELECT " + RUNNER_COLUMNS + " FROM registered_runners WHERE credential_hash = :hash")
                .param("hash", hash).query(RunnerRegistry::runner).optional();
    }

    /** Revokes a live runner; false when there is none with this id. */
    boolean revoke(UUID id, String by) {
        return jdbc.sql("UPDATE registered_runners SET revoked_at = now(), revoked_by = :by WHERE id = :id"
                        + " AND revoked_at IS NULL")
                .param("id", id).param("by", by).update() == 1;
    }

    /** The runner called (as {@code workerId} when it said so): refreshes its last call. */
    void seen(UUID id, @Nullable String workerId) {
        jdbc.sql("UPDATE registered_runners SET last_seen_at = now(), worker_id = COALESCE(:worker, worker_id)"
                        + " WHERE id = :id")
                .param("id", id).param("worker", workerId).update();
    }

    /**
     * Live registered runners (with their presence, when claiming), then the runners that claimed with the shared
     * token within {@code sharedWithinSeconds} (presence rows no registered runner owns).
     */
    List<RunnerView> list(long sharedWithinSeconds) {
        List<RunnerView> all = new ArrayList<>(jdbc.sql("""
                SELECT r.id, r.name, r.host, r.prefix, r.registered_at, r.worker_id,
                       GREATEST(r.last_seen_at, p.last_claim_at) AS last_heartbeat_at, p.schedule_modes
                FROM registered_runners r LEFT JOIN runner_presence p ON p.worker_id = r.worker_id
                WHERE r.revoked_at IS NULL
                ORDER BY r.registered_at DESC, r.id""")
                .query((rs, i) -> new RunnerView(rs.getObject("id", UUID.class), rs.getString("name"),
                        rs.getString("host"), true, rs.getString("prefix"),
                        rs.getObject("registered_at", OffsetDateTime.class), rs.getString("worker_id"),
                        rs.getObject("last_heartbeat_at", OffsetDateTime.class), modes(rs.getString("schedule_modes"))))
                .list());
        all.addAll(jdbc.sql("""
                SELECT p.worker_id, p.last_claim_at, p.schedule_modes FROM runner_presence p
                WHERE p.last_claim_at > now() - make_interval(secs => :secs)
                  AND NOT EXISTS (SELECT 1 FROM registered_runners r WHERE r.worker_id = p.worker_id)
                ORDER BY p.last_claim_at DESC, p.worker_id LIMIT 100""")
                .param("secs", sharedWithinSeconds)
                .query((rs, i) -> new RunnerView(null, rs.getString("worker_id"), null, false, null, null,
                        rs.getString("worker_id"), rs.getObject("last_claim_at", OffsetDateTime.class),
                        modes(rs.getString("schedule_modes"))))
                .list());
        return all;
    }

    private @Nullable List<String> modes(@Nullable String column) {
        JsonNode node = json.read(column);
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> modes = new ArrayList<>();
        for (JsonNode mode : node) {
            modes.add(mode.asString());
        }
        return List.copyOf(modes);
    }

    private static RegistrationToken token(ResultSet rs, int i) throws SQLException {
        return new RegistrationToken(rs.getObject("id", UUID.class), rs.getString("prefix"),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("expires_at", OffsetDateTime.class), rs.getInt("max_uses"), rs.getInt("uses"),
                rs.getObject("revoked_at", OffsetDateTime.class));
    }

    private static RegisteredRunner runner(ResultSet rs, int i) throws SQLException {
        return new RegisteredRunner(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("host"),
                rs.getString("prefix"), rs.getObject("registered_at", OffsetDateTime.class),
                rs.getString("worker_id"), rs.getObject("last_seen_at", OffsetDateTime.class),
                rs.getObject("revoked_at", OffsetDateTime.class));
    }
}
