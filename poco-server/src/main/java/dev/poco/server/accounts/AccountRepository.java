package dev.poco.server.accounts;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code users}, {@code user_sessions} and {@code invites}. Tokens and codes arrive here hashed. */
@Repository
class AccountRepository {

    private static final RowMapper<User> USERS = (rs, i) -> new User(
            rs.getString("id"),
            rs.getString("username"),
            rs.getString("display_name"),
            rs.getString("password_hash"),
            Role.of(rs.getString("role")),
            rs.getBoolean("disabled"),
            rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("last_login_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- users ---------------------------------------------------------------------------------

    long countUsers() {
        return jdbc.sql("SELECT count(*) FROM users").query(Long.class).single();
    }

    /** Serialises first-run setups: the second waits, then sees the first admin. */
    void lockUsers() {
        jdbc.sql("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE").update();
    }

    boolean usernameTaken(String username) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower(:u))")
                .param("u", username).query(Boolean.class).single();
    }

    User insertUser(String id, String username, String displayName, String passwordHash, Role role) {
        return jdbc.sql("""
                INSERT INTO users (id, username, display_name, password_hash, role)
                VALUES (:id, :username, :display, :hash, :role) RETURNING *""")
                .param("id", id).param("username", username).param("display", displayName)
                .param("hash", passwordHash).param("role", role.wire())
                .query(USERS).single();
    }

    Optional<User> findByUsername(String username) {
        return jdbc.sql("SELECT * FROM users WHERE lower(username) = lower(:u)")
                .param("u", username).query(USERS).optional();
    }

    Optional<User> findUser(String id) {
        return jdbc.sql("SELECT * FROM users WHERE id = :id").param("id", id).query(USERS).optional();
    }

    List<User> findUsers(java.util.Collection<String> ids) {
        return jdbc.sql("SELECT * FROM users WHERE id IN (:ids)").param("ids", ids).query(USERS).list();
    }

    List<User> listUsers() {
        return jdbc.sql("SELECT * FROM users ORDER BY created_at, lower(username)").query(USERS).list();
    }

    void setPassword(String id, String hash) {
        jdbc.sql("UPDATE users SET password_hash = :hash, updated_at = now() WHERE id = :id")
                .param("hash", hash).param("id", id).update();
    }

    User setDisplayName(String id, String displayName) {
        return jdbc.sql("UPDATE users SET display_name = :d, updated_at = now() WHERE id = :id RETURNING *")
                .param("d", displayName).param("id", id).query(USERS).single();
    }

    User setDisabled(String id, boolean disabled) {
        return jdbc.sql("UPDATE users SET disabled = :d, updated_at = now() WHERE id = :id RETURNING *")
                .param("d", disabled).param("id", id).query(USERS).single();
    }

    void touchLogin(String id) {
        jdbc.sql("UPDATE users SET last_login_at = now() WHERE id = :id").param("id", id).update();
    }

    long countActiveAdmins() {
        return jdbc.sql("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled").query(Long.class).single();
    }

    // ---- sessions ------------------------------------------------------------------------------

    void insertSession(String tokenHash, String userId, Duration ttl, @Nullable String userAgent) {
        jdbc.sql("""
                INSERT INTO user_sessions (token_hash, user_id, expires_at, user_agent)
                VALUES (:hash, :user, now() + make_interval(secs => :ttl), :ua)""")
                .param("hash", tokenHash).param("user", userId).param("ttl", (double) ttl.toSeconds())
                .param("ua", userAgent).update();
    }

    /** The enabled user of a live session; marks the session seen (at most once a minute, to spare writes). */
    Optional<User> userOfSession(String tokenHash) {
        Optional<User> user = jdbc.sql("""
                SELECT u.* FROM user_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = :hash AND s.expires_at > now() AND NOT u.disabled""")
                .param("hash", tokenHash).query(USERS).optional();
        if (user.isPresent()) {
            jdbc.sql("""
                    UPDATE user_sessions SET last_seen_at = now()
                    WHERE token_hash = :hash AND last_seen_at < now() - interval '1 minute'""")
                    .param("hash", tokenHash).update();
        }
        return user;
    }

    void deleteSession(String tokenHash) {
        jdbc.sql("DELETE FROM user_sessions WHERE token_hash = :hash").param("hash", tokenHash).update();
    }

    int deleteSessionsOf(String userId) {
        return jdbc.sql("DELETE FROM user_sessions WHERE user_id = :user").param("user", userId).update();
    }

    int deleteSessionsOfExcept(String userId, String keepHash) {
        return jdbc.sql("DELETE FROM user_sessions WHERE user_id = :user AND token_hash <> :keep")
                .param("user", userId).param("keep", keepHash).update();
    }

    int deleteExpiredSessions() {
        return jdbc.sql("DELETE FROM user_sessions WHERE expires_at <= now()").update();
    }

    // ---- invites -------------------------------------------------------------------------------

    void insertInvite(String codeHash, Role role, String createdBy, Duration ttl) {
        jdbc.sql("""
                INSERT INTO invites (code_hash, role, created_by, expires_at)
                VALUES (:hash, :role, :by, now() + make_interval(secs => :ttl))""")
                .param("hash", codeHash).param("role", role.wire()).param("by", createdBy)
                .param("ttl", (double) ttl.toSeconds()).update();
    }

    /** The role of an unused, unexpired invite, locked until the transaction ends (one acceptance only). */
    Optional<Role> lockUsableInvite(String codeHash) {
        return jdbc.sql("""
                SELECT role FROM invites WHERE code_hash = :hash AND used_by IS NULL AND expires_at > now()
                FOR UPDATE""")
                .param("hash", codeHash).query((rs, i) -> Role.of(rs.getString("role"))).optional();
    }

    void markInviteUsed(String codeHash, String userId) {
        jdbc.sql("UPDATE invites SET used_by = :user, used_at = now() WHERE code_hash = :hash")
                .param("user", userId).param("hash", codeHash).update();
    }
}
