package dev.poco.server.permissions;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code permission_rules}. */
@Repository
class PermissionRuleRepository {

    private static final RowMapper<PermissionRule> ROW = (rs, i) -> new PermissionRule(
            rs.getLong("id"),
            rs.getString("user_id"),
            rs.getObject("project_id", UUID.class),
            rs.getString("behavior"),
            rs.getString("rule"),
            rs.getObject("created_at", java.time.OffsetDateTime.class));

    private final JdbcClient jdbc;

    PermissionRuleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The new rule, or empty when the same rule is already saved in that scope. */
    Optional<PermissionRule> insert(String userId, @Nullable UUID projectId, String behavior, String rule) {
        return jdbc.sql("""
                INSERT INTO permission_rules (user_id, project_id, behavior, rule)
                VALUES (:user, :project, :behavior, :rule)
                ON CONFLICT DO NOTHING RETURNING *""")
                .param("user", userId).param("project", projectId).param("behavior", behavior).param("rule", rule)
                .query(ROW).optional();
    }

    Optional<PermissionRule> find(long id) {
        return jdbc.sql("SELECT * FROM permission_rules WHERE id = :id").param("id", id).query(ROW).optional();
    }

    /** The user's user-wide rules, plus the project's when one is given, user-wide first. */
    List<PermissionRule> list(String userId, @Nullable UUID projectId) {
        return jdbc.sql("""
                SELECT * FROM permission_rules
                WHERE user_id = :user AND (project_id IS NULL OR project_id = :project)
                ORDER BY project_id NULLS FIRST, behavior, id""")
                .param("user", userId).param("project", projectId).query(ROW).list();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM permission_rules WHERE id = :id").param("id", id).update();
    }
}
