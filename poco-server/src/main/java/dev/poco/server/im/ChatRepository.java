package dev.poco.server.im;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code im_channels}, {@code im_watches}, {@code im_link_codes}, {@code im_inbound_dedup}, {@code im_question_drafts}. */
@Repository
class ChatRepository {

    private static final RowMapper<ImChat> CHATS = (rs, i) -> new ImChat(
            rs.getObject("id", UUID.class), rs.getString("provider"), rs.getString("chat_id"),
            rs.getString("chat_type"), rs.getString("title"), rs.getString("user_id"),
            rs.getObject("linked_at", OffsetDateTime.class), rs.getString("language"),
            rs.getObject("active_session_id", UUID.class), rs.getObject("last_message_at", OffsetDateTime.class),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("project_id", UUID.class));

    private final JdbcClient jdbc;

    ChatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The chat's row, created on first contact, locked to the end of the transaction. */
    ImChat upsertAndLock(String provider, String chatId, @Nullable String chatType, @Nullable String title,
            @Nullable String language) {
        jdbc.sql("""
                INSERT INTO im_channels (id, provider, chat_id, chat_type, title, language, last_message_at)
                VALUES (:id, :provider, :chat, :type, :title, :language, now())
                ON CONFLICT (provider, chat_id) DO UPDATE SET last_message_at = now(),
                    title = COALESCE(EXCLUDED.title, im_channels.title),
                    chat_type = COALESCE(EXCLUDED.chat_type, im_channels.chat_type)""")
                .param("id", UUID.randomUUID()).param("provider", provider).param("chat", chatId)
                .param("type", chatType).param("title", title).param("language", language).update();
        return jdbc.sql("SELECT * FROM im_channels WHERE provider = :provider AND chat_id = :chat FOR UPDATE")
                .param("provider", provider).param("chat", chatId).query(CHATS).single();
    }

    Optional<ImChat> find(UUID id) {
        return jdbc.sql("SELECT * FROM im_channels WHERE id = :id").param("id", id).query(CHATS).optional();
    }

    Optional<ImChat> find(String provider, String chatId) {
        return jdbc.sql("SELECT * FROM im_channels WHERE provider = :provider AND chat_id = :chat")
                .param("provider", provider).param("chat", chatId).query(CHATS).optional();
    }

    List<ImChat> linkedTo(String userId) {
        return jdbc.sql("SELECT * FROM im_channels WHERE user_id = :user ORDER BY linked_at DESC")
                .param("user", userId).query(CHATS).list();
    }

    void link(UUID chat, String userId, @Nullable UUID project) {
        jdbc.sql("""
                UPDATE im_channels SET user_id = :user, linked_at = now(), active_session_id = NULL,
                    project_id = :project, updated_at = now()
                WHERE id = :id""").param("id", chat).param("user", userId).param("project", project).update();
        // a chat that changes hands keeps nothing of its former user's sessions
        jdbc.sql("DELETE FROM im_watches WHERE channel_id = :id").param("id", chat).update();
    }

    /** Unlinks a chat of {@code userId}; false when it is not theirs. */
    boolean unlink(UUID chat, String userId) {
        int n = jdbc.sql("""
                UPDATE im_channels SET user_id = NULL, linked_at = NULL, active_session_id = NULL, project_id = NULL,
                    updated_at = now()
                WHERE id = :id AND user_id = :user""").param("id", chat).param("user", userId).update();
        if (n > 0) {
            jdbc.sql("DELETE FROM im_watches WHERE channel_id = :id").param("id", chat).update();
            jdbc.sql("DELETE FROM im_question_drafts WHERE channel_id = :id").param("id", chat).update();
            jdbc.sql("UPDATE im_outbox SET status = 'dead', last_error = 'chat unlinked' "
                    + "WHERE channel_id = :id AND status IN ('pending', 'sending')").param("id", chat).update();
        }
        return n > 0;
    }

    void setLanguage(UUID chat, String language) {
        jdbc.sql("UPDATE im_channels SET language = :language, updated_at = now() WHERE id = :id")
                .param("id", chat).param("language", language).update();
    }

    void setProject(UUID chat, @Nullable UUID project) {
        jdbc.sql("UPDATE im_channels SET project_id = :project, updated_at = now() WHERE id = :id")
                .param("id", chat).param("project", project).update();
    }

    void setActive(UUID chat, @Nullable UUID session) {
        jdbc.sql("UPDATE im_channels SET active_session_id = :session, updated_at = now() WHERE id = :id")
                .param("id", chat).param("session", session).update();
    }

    void watch(UUID chat, UUID session) {
        jdbc.sql("INSERT INTO im_watches (channel_id, session_id) VALUES (:chat, :session) ON CONFLICT DO NOTHING")
                .param("chat", chat).param("session", session).update();
    }

    boolean unwatch(UUID chat, UUID session) {
        return jdbc.sql("DELETE FROM im_watches WHERE channel_id = :chat AND session_id = :session")
                .param("chat", chat).param("session", session).update() > 0;
    }

    /** Watched sessions, newest first. */
    @SuppressWarnings("NullAway") // a NOT NULL column: Spring types single-column rows as nullable
    List<UUID> watches(UUID chat) {
        return jdbc.sql("SELECT session_id FROM im_watches WHERE channel_id = :chat ORDER BY created_at DESC, session_id")
                .param("chat", chat).query(UUID.class).list();
    }

    /** Records an inbound message; false when it was seen before. */
    boolean firstSight(String provider, String key) {
        return jdbc.sql("INSERT INTO im_inbound_dedup (provider, dedup_key) VALUES (:p, :k) ON CONFLICT DO NOTHING")
                .param("p", provider).param("k", key).update() > 0;
    }

    /**
     * Forgets inbound message keys, finished outbox rows and link codes older than {@code days}: providers stop
     * resending long before.
     */
    int forgetOlderThan(int days) {
        int n = jdbc.sql("DELETE FROM im_inbound_dedup WHERE created_at < now() - make_interval(days => :d)")
                .param("d", days).update();
        n += jdbc.sql("DELETE FROM im_outbox WHERE status IN ('delivered', 'dead') "
                + "AND created_at < now() - make_interval(days => :d)").param("d", days).update();
        return n + jdbc.sql("DELETE FROM im_link_codes WHERE expires_at < now() - make_interval(days => :d)")
                .param("d", days).update();
    }

    void insertLinkCode(String codeHash, String userId, OffsetDateTime expiresAt, @Nullable UUID project) {
        jdbc.sql("INSERT INTO im_link_codes (code_hash, user_id, expires_at, project_id) VALUES (:h, :u, :e, :p)")
                .param("h", codeHash).param("u", userId).param("e", expiresAt).param("p", project).update();
    }

    /** Uses a link code: the user (and project) it was made for, when it exists, is unused and not expired. */
    Optional<LinkCodes.Redeemed> redeemLinkCode(String codeHash) {
        return jdbc.sql("""
                UPDATE im_link_codes SET used_at = now()
                WHERE code_hash = :h AND used_at IS NULL AND expires_at > now() RETURNING user_id, project_id""")
                .param("h", codeHash)
                .query((rs, i) -> new LinkCodes.Redeemed(rs.getString("user_id"), rs.getObject("project_id", UUID.class)))
                .optional();
    }

    String draft(UUID chat, UUID request) {
        return jdbc.sql("SELECT picks::text FROM im_question_drafts WHERE channel_id = :c AND request_id = :r")
                .param("c", chat).param("r", request).query(String.class).optional().orElse("{}");
    }

    void saveDraft(UUID chat, UUID request, String picks) {
        jdbc.sql("""
                INSERT INTO im_question_drafts (channel_id, request_id, picks) VALUES (:c, :r, CAST(:p AS jsonb))
                ON CONFLICT (channel_id, request_id) DO UPDATE SET picks = EXCLUDED.picks, updated_at = now()""")
                .param("c", chat).param("r", request).param("p", picks).update();
    }

    void dropDraft(UUID chat, UUID request) {
        jdbc.sql("DELETE FROM im_question_drafts WHERE channel_id = :c AND request_id = :r")
                .param("c", chat).param("r", request).update();
    }
}
