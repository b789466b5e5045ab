package dev.poco.server.mcp;

import dev.poco.server.common.Json;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.node.ObjectNode;

/** SQL for {@code mcp_servers}. */
@Repository
class McpServerRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<McpServer> row;

    McpServerRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.row = (rs, i) -> new McpServer(rs.getInt("id"), rs.getString("name"), rs.getString("scope"),
                rs.getString("owner_user_id"),
                (ObjectNode) Objects.requireNonNull(json.read(rs.getString("server_config"))),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    /** The caller's user servers and the system servers no caller server shadows by name, newest first. */
    List<McpServer> visibleTo(String userId) {
        return jdbc.sql("""
                SELECT * FROM mcp_servers s
                WHERE (s.scope = 'user' AND s.owner_user_id = :user)
                   OR (s.scope = 'system' AND NOT EXISTS (SELECT 1 FROM mcp_servers u
                        WHERE u.scope = 'user' AND u.owner_user_id = :user AND u.name = s.name))
                ORDER BY s.created_at DESC, s.id DESC""")
                .param("user", userId).query(row).list();
    }

    Optional<McpServer> find(int id) {
        return jdbc.sql("SELECT * FROM mcp_servers WHERE id = :id").param("id", id).query(row).optional();
    }

    /** Servers by id (any order); the caller filters them. */
    List<McpServer> findAll(List<Integer> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT * FROM mcp_servers WHERE id IN (:ids)").param("ids", ids).query(row).list();
    }

    boolean ownerHasName(String userId, String name, int exceptId) {
        return jdbc.sql("SELECT count(*) FROM mcp_servers WHERE owner_user_id = :user AND name = :name AND id <> :id")
                .param("user", userId).param("name", name).param("id", exceptId)
                .query(Long.class).single() > 0;
    }

    McpServer insert(String userId, String name, String scope, ObjectNode config) {
        return jdbc.sql("""
                INSERT INTO mcp_servers (name, scope, owner_user_id, server_config)
                VALUES (:name, :scope, :user, CAST(:config AS jsonb)) RETURNING *""")
                .param("name", name).param("scope", scope).param("user", userId).param("config", json.write(config))
                .query(row).single();
    }

    McpServer update(int id, String name, String scope, ObjectNode config) {
        return jdbc.sql("""
                UPDATE mcp_servers SET name = :name, scope = :scope, server_config = CAST(:config AS jsonb),
                       updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("name", name).param("scope", scope).param("config", json.write(config))
                .query(row).single();
    }

    void delete(int id) {
        jdbc.sql("DELETE FROM mcp_servers WHERE id = :id").param("id", id).update();
    }
}
