package dev.poco.server.projects;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code project_members} (V52). */
@Repository
class ProjectMemberRepository {

    private static final RowMapper<ProjectMember> ROWS = (rs, i) -> new ProjectMember(
            rs.getObject("project_id", UUID.class),
            rs.getString("user_id"),
            ProjectRole.of(rs.getString("role")),
            rs.getString("added_by"),
            rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("updated_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    ProjectMemberRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    ProjectMember upsert(UUID projectId, String userId, ProjectRole role, String addedBy) {
        return jdbc.sql("""
                INSERT INTO project_members (project_id, user_id, role, added_by) VALUES (:p, :u, :r, :by)
                ON CONFLICT (project_id, user_id) DO UPDATE SET role = EXCLUDED.role, updated_at = now()
                RETURNING *""")
                .param("p", projectId).param("u", userId).param("r", role.wire()).param("by", addedBy)
                .query(ROWS).single();
    }

    boolean delete(UUID projectId, String userId) {
        return jdbc.sql("DELETE FROM project_members WHERE project_id = :p AND user_id = :u")
                .param("p", projectId).param("u", userId).update() > 0;
    }

    List<ProjectMember> list(UUID projectId) {
        return jdbc.sql("SELECT * FROM project_members WHERE project_id = :p ORDER BY created_at, user_id")
                .param("p", projectId).query(ROWS).list();
    }

    Optional<ProjectRole> role(UUID projectId, String userId) {
        return jdbc.sql("SELECT * FROM project_members WHERE project_id = :p AND user_id = :u")
                .param("p", projectId).param("u", userId).query(ROWS).optional().map(ProjectMember::role);
    }

    /** The user's memberships in projects that are not deleted. */
    List<ProjectMember> ofUser(String userId) {
        return jdbc.sql("""
                SELECT m.* FROM project_members m JOIN projects p ON p.id = m.project_id
                WHERE m.user_id = :u AND NOT p.is_deleted""")
                .param("u", userId).query(ROWS).list();
    }

    Map<UUID, Integer> counts(Collection<UUID> projectIds) {
        Map<UUID, Integer> counts = new HashMap<>();
        if (projectIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("SELECT project_id, count(*) AS n FROM project_members WHERE project_id IN (:ids) GROUP BY 1")
                .param("ids", projectIds)
                .query((rs, i) -> counts.put(rs.getObject("project_id", UUID.class), rs.getInt("n"))).list();
        return counts;
    }
}
