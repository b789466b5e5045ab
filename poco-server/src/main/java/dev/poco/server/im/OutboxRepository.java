package dev.poco.server.im;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code im_outbox}: claims under a lease, progress per part, outcome. */
@Repository
class OutboxRepository {

    private final JdbcClient jdbc;

    OutboxRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims up to {@code limit} due rows of the given providers: pending and due, or sending with an expired lease
     * (its dispatcher died). A row is claimable only when no older row of its chat is still undelivered, so each chat
     * gets its notifications in order. {@code SKIP LOCKED}: two dispatchers never claim the same row.
     */
    List<Row> claim(Collection<String> providers, int limit, Duration lease) {
        if (providers.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                WITH due AS (
                    SELECT o.id FROM im_outbox o JOIN im_channels c ON c.id = o.channel_id
                    WHERE c.provider IN (:providers)
                      AND ((o.status = 'pending' AND o.next_attempt_at <= now())
                        OR (o.status = 'sending' AND o.lease_expires_at < now()))
                      AND NOT EXISTS (SELECT 1 FROM im_outbox older WHERE older.channel_id = o.channel_id
                        AND older.id < o.id AND older.status IN ('pending', 'sending'))
                    ORDER BY o.id LIMIT :limit FOR UPDATE OF o SKIP LOCKED)
                UPDATE im_outbox o SET status = 'sending', attempts = o.attempts + 1,
                    lease_expires_at = now() + make_interval(secs => :lease)
                FROM due, im_channels c
                WHERE o.id = due.id AND c.id = o.channel_id
                RETURNING o.id, o.channel_id, c.provider, c.chat_id, c.user_id, c.language, o.event_key, o.event_type,
                    o.payload::text AS payload, o.attempts, o.chunks_sent""")
                .param("providers", providers).param("limit", limit).param("lease", (double) lease.toSeconds())
                .query((rs, i) -> new Row(rs.getLong("id"), rs.getObject("channel_id", UUID.class),
                        rs.getString("provider"), rs.getString("chat_id"), rs.getString("user_id"),
                        rs.getString("language"), rs.getString("event_key"), rs.getString("event_type"),
                        rs.getString("payload"), rs.getInt("attempts"), rs.getInt("chunks_sent")))
                .list();
    }

    void partSent(long id, int chunksSent) {
        jdbc.sql("UPDATE im_outbox SET chunks_sent = :n WHERE id = :id AND status = 'sending'")
                .param("id", id).param("n", chunksSent).update();
    }

    void delivered(long id) {
        jdbc.sql("UPDATE im_outbox SET status = 'delivered', delivered_at = now(), lease_expires_at = NULL "
                + "WHERE id = :id").param("id", id).update();
    }

    void retryLater(long id, Duration delay, String error) {
        jdbc.sql("""
                UPDATE im_outbox SET status = 'pending', lease_expires_at = NULL, last_error = :e,
                    next_attempt_at = now() + make_interval(secs => :d) WHERE id = :id""")
                .param("id", id).param("e", error).param("d", delay.toMillis() / 1000.0).update();
    }

    void dead(long id, String error) {
        jdbc.sql("UPDATE im_outbox SET status = 'dead', lease_expires_at = NULL, last_error = :e WHERE id = :id")
                .param("id", id).param("e", error).update();
    }

    record Row(long id, UUID channelId, String provider, String chatId, @Nullable String userId,
            @Nullable String language,
            String eventKey, String eventType, String payload, int attempts, int chunksSent) {}
}
