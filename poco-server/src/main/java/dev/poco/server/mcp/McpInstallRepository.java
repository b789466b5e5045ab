package dev.poco.server.mcp;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code user_mcp_installs}. */
@Repository
class McpInstallRepository {

    private static final RowMapper<McpInstall> ROW = (rs, i) -> new McpInstall(rs.getInt("id"),
            rs.getString("user_id"), rs.getInt("server_id"), rs.getBoolean("enabled"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    McpInstallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's installs, newest first. */
    List<McpInstall> listByUser(String userId) {
        return jdbc.sql("SELECT * FROM user_mcp_installs WHERE user_id = :user ORDER BY created_at DESC, id DESC")
                .param("user", userId).query(ROW).list();
    }

    Optional<McpInstall> find(int id) {
        return jdbc.sql("SELECT * FROM user_mcp_installs WHERE id = :id").param("id", id).query(ROW).optional();
    }

    boolean exists(String userId, int serverId) {
        return jdbc.sql("SELECT count(*) FROM user_mcp_installs WHERE user_id = :user AND server_id = :server")
                .param("user", userId).param("server", serverId).query(Long.class).single() > 0;
    }

    McpInstall insert(String userId, int serverId, boolean enabled) {
        return jdbc.sql("""
                INSERT INTO user_mcp_installs (user_id, server_id, enabled) VALUES (:user, :server, :enabled)
                RETURNING *""")
                .param("user", userId).param("server", serverId).param("enabled", enabled).query(ROW).single();
    }

    McpInstall setEnabled(int id, boolean enabled) {
        return jdbc.sql("UPDATE user_mcp_installs SET enabled = :enabled, updated_at = now() WHERE id = :id RETURNING *")
                .param("id", id).param("enabled", enabled).query(ROW).single();
    }

    /** Sets {@code enabled} on the user's installs ({@code ids} null: all of them); the number changed. */
    int setEnabled(String userId, @Nullable List<Integer> ids, boolean enabled) {
        if (ids != null && ids.isEmpty()) {
            return 0;
        }
        String only = ids == null ? "" : " AND id IN (:ids)";
        var spec = jdbc.sql("UPDATE user_mcp_installs SET enabled = :enabled, updated_at = now() WHERE user_id = :user"
                + only).param("user", userId).param("enabled", enabled);
        return (ids == null ? spec : spec.param("ids", ids)).update();
    }

    void delete(int id) {
        jdbc.sql("DELETE FROM user_mcp_installs WHERE id = :id").param("id", id).update();
    }
}
