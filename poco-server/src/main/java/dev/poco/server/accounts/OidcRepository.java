package dev.poco.server.accounts;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code user_identities} and {@code oidc_logins} (V51). States and browser values arrive hashed. */
@Repository
class OidcRepository {

    /** A sign-in under way, as stored when its redirect to the provider was made. */
    record PendingLogin(String browserHash, String nonce, String codeVerifier, String redirectUri,
            @Nullable String inviteHash) {}

    private record Taken(PendingLogin login, boolean live) {}

    private final JdbcClient jdbc;

    OidcRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertLogin(String stateHash, PendingLogin login, Duration ttl) {
        jdbc.sql("""
                INSERT INTO oidc_logins (state_hash, browser_hash, nonce, code_verifier, redirect_uri, invite_hash,
                                         expires_at)
                VALUES (:state, :browser, :nonce, :verifier, :redirect, :invite,
                        now() + make_interval(secs => :ttl))""")
                .param("state", stateHash).param("browser", login.browserHash()).param("nonce", login.nonce())
                .param("verifier", login.codeVerifier()).param("redirect", login.redirectUri())
                .param("invite", login.inviteHash()).param("ttl", (double) ttl.toSeconds()).update();
    }

    /** Takes the live sign-in of a state: deleted as it is read, so a state works once. */
    Optional<PendingLogin> takeLogin(String stateHash) {
        return jdbc.sql("""
                DELETE FROM oidc_logins WHERE state_hash = :state
                RETURNING browser_hash, nonce, code_verifier, redirect_uri, invite_hash, expires_at > now() AS live""")
                .param("state", stateHash)
                .query((rs, i) -> new Taken(new PendingLogin(rs.getString("browser_hash"), rs.getString("nonce"),
                        rs.getString("code_verifier"), rs.getString("redirect_uri"), rs.getString("invite_hash")),
                        rs.getBoolean("live")))
                .optional().filter(Taken::live).map(Taken::login);
    }

    int deleteExpiredLogins() {
        return jdbc.sql("DELETE FROM oidc_logins WHERE expires_at <= now()").update();
    }

    Optional<String> userOfIdentity(String issuer, String subject) {
        return jdbc.sql("SELECT user_id FROM user_identities WHERE issuer = :iss AND subject = :sub")
                .param("iss", issuer).param("sub", subject).query(String.class).optional();
    }

    boolean hasIdentity(String userId, String issuer) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM user_identities WHERE user_id = :user AND issuer = :iss)")
                .param("user", userId).param("iss", issuer).query(Boolean.class).single();
    }

    void link(String issuer, String subject, String userId, @Nullable String email) {
        jdbc.sql("""
                INSERT INTO user_identities (issuer, subject, user_id, email, last_login_at)
                VALUES (:iss, :sub, :user, :email, now())""")
                .param("iss", issuer).param("sub", subject).param("user", userId).param("email", email).update();
    }

    void touch(String issuer, String subject, @Nullable String email) {
        jdbc.sql("""
                UPDATE user_identities SET last_login_at = now(), email = coalesce(:email, email)
                WHERE issuer = :iss AND subject = :sub""")
                .param("iss", issuer).param("sub", subject).param("email", email).update();
    }

    void setRole(String userId, Role role) {
        jdbc.sql("UPDATE users SET role = :role, updated_at = now() WHERE id = :id")
                .param("role", role.wire()).param("id", userId).update();
    }
}
