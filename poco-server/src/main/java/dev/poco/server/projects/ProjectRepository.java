package dev.poco.server.projects;

import dev.poco.server.common.Json;
import dev.poco.server.network.NetworkConfig;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code projects}; soft-deleted rows are invisible to every read. */
@Repository
class ProjectRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<Project> rows;

    ProjectRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, i) -> new Project(
                rs.getObject("id", UUID.class),
                rs.getString("user_id"),
                rs.getString("name"),
                rs.getString("repo_url"),
                rs.getString("git_branch"),
                rs.getString("git_token_env_key"),
                json.read(rs.getString("network"), NetworkConfig.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    Project insert(String userId, String name, @Nullable String repoUrl, @Nullable String branch,
            @Nullable String tokenKey, @Nullable NetworkConfig network) {
        return jdbc.sql("""
                INSERT INTO projects (user_id, name, repo_url, git_branch, git_token_env_key, network)
                VALUES (:user, :name, :repo, :branch, :token, CAST(:network AS jsonb))
                RETURNING *""")
                .param("user", userId).param("name", name).param("repo", repoUrl)
                .param("branch", branch).param("token", tokenKey).param("network", json.write(network))
                .query(rows).single();
    }

    Optional<Project> find(UUID id) {
        return jdbc.sql("SELECT * FROM projects WHERE id = :id AND NOT is_deleted")
                .param("id", id).query(rows).optional();
    }

    List<Project> listByUser(String userId) {
        return jdbc.sql("SELECT * FROM projects WHERE user_id = :user AND NOT is_deleted ORDER BY created_at DESC, id")
                .param("user", userId).query(rows).list();
    }

    /** Projects by id (deleted ones left out), in no particular order. */
    List<Project> findAll(java.util.Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : jdbc.sql("SELECT * FROM projects WHERE id IN (:ids) AND NOT is_deleted")
                .param("ids", ids).query(rows).list();
    }

    @SuppressWarnings("NullAway") // a NOT NULL column: Spring types single-column rows as nullable
    List<UUID> idsOfUser(String userId) {
        return jdbc.sql("SELECT id FROM projects WHERE user_id = :user AND NOT is_deleted")
                .param("user", userId).query(UUID.class).list();
    }

    Project update(UUID id, String name, @Nullable String repoUrl, @Nullable String branch, @Nullable String tokenKey,
            @Nullable NetworkConfig network) {
        return jdbc.sql("""
                UPDATE projects SET name = :name, repo_url = :repo, git_branch = :branch,
                       git_token_env_key = :token, network = CAST(:network AS jsonb), updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("name", name).param("repo", repoUrl)
                .param("branch", branch).param("token", tokenKey).param("network", json.write(network))
                .query(rows).single();
    }

    void softDelete(UUID id) {
        jdbc.sql("UPDATE projects SET is_deleted = true, updated_at = now() WHERE id = :id").param("id", id).update();
    }

    List<Project> search(String userId, String pattern, int limit) {
        return jdbc.sql("""
                SELECT * FROM projects WHERE user_id = :user AND NOT is_deleted AND lower(name) LIKE :pattern
                ORDER BY updated_at DESC LIMIT :limit""")
                .param("user", userId).param("pattern", pattern).param("limit", limit)
                .query(rows).list();
    }
}
