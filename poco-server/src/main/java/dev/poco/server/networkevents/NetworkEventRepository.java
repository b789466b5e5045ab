package dev.poco.server.networkevents;

import dev.poco.protocol.NetworkEvent;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code run_network_events}. */
@Repository
class NetworkEventRepository {

    private static final RowMapper<NetworkEventView> ROW = (rs, i) -> new NetworkEventView(
            rs.getLong("id"),
            rs.getObject("run_id", UUID.class),
            rs.getObject("session_id", UUID.class),
            rs.getLong("seq"),
            rs.getString("host"),
            rs.getInt("port"),
            rs.getString("method"),
            rs.getString("url"),
            rs.getString("address"),
            rs.getBoolean("allowed"),
            rs.getString("reason"),
            rs.getLong("bytes_up"),
            rs.getLong("bytes_down"),
            rs.getObject("started_at", OffsetDateTime.class),
            rs.getLong("duration_ms"),
            rs.getString("tool_use_id"),
            rs.getObject("created_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    NetworkEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the event unless its (run, seq) is stored already; empty then. */
    Optional<NetworkEventView> insert(UUID runId, UUID sessionId, NetworkEvent e) {
        return jdbc.sql("""
                INSERT INTO run_network_events (run_id, session_id, seq, host, port, method, url, address, allowed,
                                                reason, bytes_up, bytes_down, started_at, duration_ms, tool_use_id)
                VALUES (:run, :session, :seq, :host, :port, :method, :url, :address, :allowed,
                        :reason, :up, :down, :started, :duration, :tool)
                ON CONFLICT (run_id, seq) DO NOTHING
                RETURNING *""")
                .param("run", runId).param("session", sessionId).param("seq", e.seq())
                .param("host", e.host()).param("port", e.port()).param("method", e.method())
                .param("url", e.url()).param("address", e.address()).param("allowed", e.allowed())
                .param("reason", e.reason()).param("up", e.bytesUp()).param("down", e.bytesDown())
                .param("started", e.startedAt()).param("duration", e.durationMs()).param("tool", e.toolUseId())
                .query(ROW).optional();
    }

    /** A session's events (optionally of one run) in the order they arrived. */
    List<NetworkEventView> list(UUID sessionId, @Nullable UUID runId, int limit, int offset) {
        return jdbc.sql("""
                SELECT * FROM run_network_events
                WHERE session_id = :session AND (CAST(:run AS uuid) IS NULL OR run_id = :run)
                ORDER BY id LIMIT :limit OFFSET :offset""")
                .param("session", sessionId).param("run", runId).param("limit", limit).param("offset", offset)
                .query(ROW).list();
    }
}
