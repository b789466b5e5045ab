package dev.poco.server.envvars;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code user_env_vars}; values arrive and leave encrypted. */
@Repository
class EnvVarRepository {

    private static final RowMapper<EnvVar> ROW = (rs, i) -> new EnvVar(
            rs.getInt("id"),
            rs.getString("user_id"),
            rs.getString("key"),
            rs.getString("value_ciphertext"),
            rs.getString("description"),
            EnvVarScope.of(rs.getString("scope")),
            rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("updated_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    EnvVarRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The new row, or empty when the owner already has a var of that key. */
    Optional<EnvVar> insert(String owner, String key, String ciphertext, @Nullable String description,
            EnvVarScope scope) {
        return jdbc.sql("""
                INSERT INTO user_env_vars (user_id, key, value_ciphertext, description, scope)
                VALUES (:owner, :key, :value, :description, :scope)
                ON CONFLICT ON CONSTRAINT uq_user_env_vars_user_key DO NOTHING
                RETURNING *""")
                .param("owner", owner).param("key", key).param("value", ciphertext)
                .param("description", description).param("scope", scope.wire())
                .query(ROW).optional();
    }

    /** The owner's vars of one scope, newest first. */
    List<EnvVar> list(String owner, EnvVarScope scope) {
        return jdbc.sql("SELECT * FROM user_env_vars WHERE user_id = :owner AND scope = :scope"
                        + " ORDER BY created_at DESC, id DESC")
                .param("owner", owner).param("scope", scope.wire())
                .query(ROW).list();
    }

    Optional<EnvVar> find(int id, String owner, EnvVarScope scope) {
        return jdbc.sql("SELECT * FROM user_env_vars WHERE id = :id AND user_id = :owner AND scope = :scope")
                .param("id", id).param("owner", owner).param("scope", scope.wire())
                .query(ROW).optional();
    }

    EnvVar update(int id, @Nullable String ciphertext, @Nullable String description) {
        return jdbc.sql("""
                UPDATE user_env_vars SET value_ciphertext = COALESCE(:value, value_ciphertext),
                       description = COALESCE(:description, description), updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("value", ciphertext).param("description", description)
                .query(ROW).single();
    }

    void delete(int id) {
        jdbc.sql("DELETE FROM user_env_vars WHERE id = :id").param("id", id).update();
    }
}
