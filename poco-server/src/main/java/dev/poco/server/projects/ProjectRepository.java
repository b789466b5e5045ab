package dev.poco.server.projects;

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

    private static final RowMapper<Project> ROW = (rs, i) -> new Project(
            rs.getObject("id", UUID.class),
            rs.getString("user_id"),
            rs.getString("name"),
            rs.getString("repo_url"),
            rs.getString("git_branch"),
            rs.getString("git_token_env_key"),
            rs.getObject("created_at", java.time.OffsetDateTime.class),
            rs.getObject("updated_at", java.time.OffsetDateTime.class));

    private final JdbcClient jdbc;

    ProjectRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Project insert(String userId, String name, @Nullable String repoUrl, @Nullable String branch,
            @Nullable String tokenKey) {
        return jdbc.sql("""
                INSERT INTO projects (user_id, name, repo_url, git_branch, git_token_env_key)
                VALUES (:user, :name, :repo, :branch, :token)
                RETURNING *""")
                .param("user", userId).param("name", name).param("repo", repoUrl)
                .param("branch", branch).param("token", tokenKey)
                .query(ROW).single();
    }

    Optional<Project> find(UUID id) {
        return jdbc.sql("SELECT * FROM projects WHERE id = :id AND NOT is_deleted")
                .param("id", id).query(ROW).optional();
    }

    List<Project> listByUser(String userId) {
        return jdbc.sql("SELECT * FROM projects WHERE user_id = :user AND NOT is_deleted ORDER BY created_at DESC, id")
                .param("user", userId).query(ROW).list();
    }

    Project update(UUID id, String name, @Nullable String repoUrl, @Nullable String branch, @Nullable String tokenKey) {
        return jdbc.sql("""
                UPDATE projects SET name = :name, repo_url = :repo, git_branch = :branch,
                       git_token_env_key = :token, updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("name", name).param("repo", repoUrl)
                .param("branch", branch).param("token", tokenKey)
                .query(ROW).single();
    }

    void softDelete(UUID id) {
        jdbc.sql("UPDATE projects SET is_deleted = true, updated_at = now() WHERE id = :id").param("id", id).update();
    }

    List<Project> search(String userId, String pattern, int limit) {
        return jdbc.sql("""
                SELECT * FROM projects WHERE user_id = :user AND NOT is_deleted AND lower(name) LIKE :pattern
                ORDER BY updated_at DESC LIMIT :limit""")
                .param("user", userId).param("pattern", pattern).param("limit", limit)
                .query(ROW).list();
    }
}
