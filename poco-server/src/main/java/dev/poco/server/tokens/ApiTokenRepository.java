package dev.poco.server.tokens;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** {@code api_tokens}. */
@Repository
class ApiTokenRepository {

    private static final String COLUMNS = "id, user_id, name, scope, prefix, created_at, expires_at, last_used_at,"
            + " revoked_at";

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ApiToken insert(String userId, String name, TokenScope scope, String hash, String prefix,
            @Nullable OffsetDateTime expiresAt) {
        return jdbc.sql("INSERT INTO api_tokens (id, user_id, name, scope, token_hash, prefix, expires_at)"
                        + " VALUES (:id, :user, :name, :scope, :hash, :prefix, :expires) RETURNING " + COLUMNS)
                .param("id", UUID.randomUUID()).param("user", userId).param("name", name).param("scope", scope.wire())
                .param("hash", hash).param("prefix", prefix).param("expires", expiresAt)
                .query(ApiTokenRepository::row).single();
    }

    /** The caller's tokens that are not revoked, newest first. */
    List<ApiToken> ofUser(String userId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_tokens WHERE user_id = :user AND revoked_at IS NULL"
                        + " ORDER BY created_at DESC, id")
                .param("user", userId).query(ApiTokenRepository::row).list();
    }

    Optional<ApiToken> byHash(String hash) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = :hash")
                .param("hash", hash).query(ApiTokenRepository::row).optional();
    }

    /** Revokes one of the user's live tokens; false when there is none with this id. */
    boolean revoke(UUID id, String userId) {
        return jdbc.sql("UPDATE api_tokens SET revoked_at = now() WHERE id = :id AND user_id = :user"
                        + " AND revoked_at IS NULL")
                .param("id", id).param("user", userId).update() == 1;
    }

    /** Records a use, unless one was recorded within the last minute (by any server). */
    void used(UUID id) {
        jdbc.sql("UPDATE api_tokens SET last_used_at = now() WHERE id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')")
                .param("id", id).update();
    }

    private static ApiToken row(ResultSet rs, int i) throws SQLException {
        return new ApiToken(rs.getObject("id", UUID.class), rs.getString("user_id"), rs.getString("name"),
                TokenScope.valueOf(rs.getString("scope").toUpperCase(Locale.ROOT)), rs.getString("prefix"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("expires_at", OffsetDateTime.class),
                rs.getObject("last_used_at", OffsetDateTime.class), rs.getObject("revoked_at", OffsetDateTime.class));
    }
}
