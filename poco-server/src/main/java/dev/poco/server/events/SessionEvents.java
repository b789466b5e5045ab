package dev.poco.server.events;

import dev.poco.protocol.EventType;
import dev.poco.protocol.SessionEvent;
import dev.poco.server.common.Json;
import dev.poco.server.common.PgNotifications;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Appends and reads session events. {@link #append} must run inside the caller's transaction (it
 * refuses to run without one): the event commits or rolls back with the change it describes, and
 * the notification goes out only on commit.
 *
 * <p>Ids come from {@code agent_sessions.last_event_id}, incremented under the session row's lock,
 * so concurrent writers of one session are serialised and ids have no gaps.
 */
@Service
public class SessionEvents {

    /** NOTIFY channel; payload {@code <session_id>:<event_id>:<user_id>}. */
    public static final String CHANNEL = "session_events";


    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<SessionEvent> rows;

    SessionEvents(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, i) -> {
            JsonNode payload = json.read(rs.getString("payload"));
            return new SessionEvent(
                    rs.getLong("id"),
                    rs.getObject("session_id", UUID.class),
                    rs.getObject("run_id", UUID.class),
                    rs.getString("type"),
                    payload == null ? json.object() : payload,
                    rs.getObject("created_at", OffsetDateTime.class));
        };
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public SessionEvent append(UUID sessionId, @Nullable UUID runId, EventType type, Object payload) {
        record Slot(long id, String userId) {}
        Slot slot = jdbc.sql("""
                UPDATE agent_sessions SET last_event_id = last_event_id + 1
                WHERE id = :session RETURNING last_event_id, user_id""")
                .param("session", sessionId)
                .query((rs, i) -> new Slot(rs.getLong(1), rs.getString(2)))
                .single();
        JsonNode body = json.toTree(payload);
        OffsetDateTime createdAt = jdbc.sql("""
                INSERT INTO session_events (session_id, id, user_id, run_id, type, payload)
                VALUES (:session, :id, :user, :run, :type, CAST(:payload AS jsonb))
                RETURNING created_at""")
                .param("session", sessionId).param("id", slot.id()).param("user", slot.userId())
                .param("run", runId).param("type", type.wire()).param("payload", json.write(body))
                .query(OffsetDateTime.class).single();
        PgNotifications.notify(jdbc, CHANNEL, sessionId + ":" + slot.id() + ":" + slot.userId());
        return new SessionEvent(slot.id(), sessionId, runId, type.wire(), body, createdAt);
    }

    /** Events of a session with id greater than {@code afterId}, oldest first. */
    @Transactional(readOnly = true)
    public List<SessionEvent> after(UUID sessionId, long afterId, int limit) {
        return jdbc.sql("""
                SELECT * FROM session_events WHERE session_id = :session AND id > :after
                ORDER BY id LIMIT :limit""")
                .param("session", sessionId).param("after", afterId).param("limit", limit)
                .query(rows).list();
    }

    /** The newest event id of a session (0 when none). */
    @Transactional(readOnly = true)
    public long lastId(UUID sessionId) {
        return jdbc.sql("SELECT last_event_id FROM agent_sessions WHERE id = :session")
                .param("session", sessionId).query(Long.class).optional().orElse(0L);
    }
}
