package dev.poco.server.events;

import dev.poco.protocol.EventType;
import dev.poco.protocol.SessionEvent;
import dev.poco.server.common.Json;
import dev.poco.server.common.PgNotifications;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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

    /** NOTIFY channel; payload {@code <session_id>:<last event id>:<first event id>:<user_id>}. */
    public static final String CHANNEL = "session_events";


    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<SessionEvent> rows;
    private final ApplicationEventPublisher publisher;

    SessionEvents(JdbcClient jdbc, Json json, ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.json = json;
        this.publisher = publisher;
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
        record Stored(long id, String userId, OffsetDateTime createdAt) {}
        JsonNode body = json.toTree(payload);
        // One round trip: take the session's next id (row lock held to commit) and store the event.
        Stored stored = jdbc.sql("""
                WITH slot AS (
                    UPDATE agent_sessions SET last_event_id = last_event_id + 1
                    WHERE id = :session RETURNING last_event_id, user_id)
                INSERT INTO session_events (session_id, id, user_id, run_id, type, payload)
                SELECT :session, last_event_id, user_id, :run, :type, CAST(:payload AS jsonb) FROM slot
                RETURNING id, user_id, created_at""")
                .param("session", sessionId).param("run", runId).param("type", type.wire())
                .param("payload", json.write(body))
                .query((rs, i) -> new Stored(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
                .single();
        notifyAtCommit(sessionId, stored.id(), stored.userId());
        SessionEvent appended = new SessionEvent(stored.id(), sessionId, runId, type.wire(), body, stored.createdAt());
        // in this transaction: listeners (the chat-app outbox) commit or roll back with the event
        publisher.publishEvent(new SessionEventAppended(appended, stored.userId()));
        return appended;
    }

    /**
     * One NOTIFY per session per transaction, sent just before commit (delivered on commit) with
     * the range of ids the transaction appended: {@code <session>:<last>:<first>:<user>}.
     */
    private void notifyAtCommit(UUID sessionId, long id, String userId) {
        Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
        if (pending == null) {
            Pending created = new Pending();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    created.ranges.forEach((session, range) -> PgNotifications.notify(jdbc, CHANNEL,
                            session + ":" + range[1] + ":" + range[0] + ":" + created.users.get(session)));
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(SessionEvents.this);
                }
            });
            pending = created;
        }
        long[] range = pending.ranges.computeIfAbsent(sessionId, k -> new long[] {id, id});
        range[0] = Math.min(range[0], id);
        range[1] = Math.max(range[1], id);
        pending.users.put(sessionId, userId);
    }

    /** Events appended in the current transaction, per session: id range and owner. */
    private static final class Pending {
        final Map<UUID, long[]> ranges = new LinkedHashMap<>();
        final Map<UUID, String> users = new HashMap<>();
    }

    /** Parses a {@link #CHANNEL} payload. */
    public static Notification parse(String payload) {
        String[] parts = payload.split(":", 4);
        if (parts.length < 4) {
            throw new IllegalArgumentException("not a session event notification: " + payload);
        }
        return new Notification(UUID.fromString(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                parts[3]);
    }

    /** Events {@code firstId..lastId} of a session were committed; they belong to {@code userId}. */
    public record Notification(UUID sessionId, long lastId, long firstId, String userId) {}

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
