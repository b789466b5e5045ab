package dev.poco.server.sessions;

import dev.poco.server.common.Json;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** SQL for {@code agent_sessions}. Every read skips soft-deleted rows. */
@Repository
class SessionRepository {

    /** Stands in for an empty list in {@code IN (...)}: no project has it. */
    private static final UUID NO_PROJECT = new UUID(0, 0);

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<Session> rows;

    SessionRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, i) -> new Session(
                rs.getObject("id", UUID.class),
                rs.getString("user_id"),
                rs.getObject("project_id", UUID.class),
                rs.getString("sdk_session_id"),
                json.read(rs.getString("config_snapshot")),
                rs.getString("workspace_archive_url"),
                json.read(rs.getString("state_patch")),
                rs.getString("workspace_files_prefix"),
                rs.getString("workspace_manifest_key"),
                rs.getString("workspace_archive_key"),
                rs.getString("workspace_export_status"),
                rs.getString("title"),
                rs.getString("kind"),
                rs.getString("status"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    Session insert(String userId, @Nullable UUID projectId, @Nullable JsonNode config, String kind, String status,
            @Nullable String title) {
        return jdbc.sql("""
                INSERT INTO agent_sessions (user_id, project_id, config_snapshot, kind, status, title)
                VALUES (:user, :project, CAST(:config AS jsonb), :kind, :status, :title)
                RETURNING *""")
                .param("user", userId).param("project", projectId).param("config", json.write(config))
                .param("kind", kind).param("status", status).param("title", title)
                .query(rows).single();
    }

    Optional<Session> find(UUID id) {
        return jdbc.sql("SELECT * FROM agent_sessions WHERE id = :id AND NOT is_deleted")
                .param("id", id).query(rows).optional();
    }

    /** Locks the session row until the transaction ends (serialises run claims of one session). */
    Optional<Session> lock(UUID id) {
        return jdbc.sql("SELECT * FROM agent_sessions WHERE id = :id AND NOT is_deleted FOR UPDATE")
                .param("id", id).query(rows).optional();
    }

    /**
     * The session a runner names: by SDK session id first (poco's order), else by its own id; locked
     * until the transaction ends. One statement, for the callback hot path.
     */
    Optional<Session> lockBySdkIdOrId(String value, @Nullable UUID id) {
        return jdbc.sql("""
                SELECT * FROM agent_sessions
                WHERE NOT is_deleted AND (sdk_session_id = :value OR id = CAST(:id AS uuid))
                ORDER BY (sdk_session_id = :value) IS TRUE DESC, created_at DESC
                LIMIT 1 FOR UPDATE""")
                .param("value", value).param("id", id).query(rows).optional();
    }

    Optional<Session> findBySdkSessionId(String sdkSessionId) {
        return jdbc.sql("""
                SELECT * FROM agent_sessions WHERE sdk_session_id = :sdk AND NOT is_deleted
                ORDER BY created_at DESC LIMIT 1""")
                .param("sdk", sdkSessionId).query(rows).optional();
    }

    /** The user's sessions and those of the {@code projects} (the caller's own and those shared with them). */
    List<Session> list(String userId, List<UUID> projects, @Nullable String kind, @Nullable UUID projectId, int limit,
            int offset) {
        return jdbc.sql("""
                SELECT * FROM agent_sessions
                WHERE (user_id = :user OR project_id IN (:projects)) AND NOT is_deleted
                  AND (CAST(:kind AS varchar) IS NULL OR kind = :kind)
                  AND (CAST(:project AS uuid) IS NULL OR project_id = :project)
                ORDER BY created_at DESC, id DESC
                LIMIT :limit OFFSET :offset""")
                .param("user", userId).param("kind", kind).param("project", projectId)
                .param("projects", projects.isEmpty() ? List.of(NO_PROJECT) : projects).param("limit", limit).param("offset", offset)
                .query(rows).list();
    }

    List<Session> searchByTitle(String userId, String pattern, @Nullable UUID projectId, int limit) {
        return jdbc.sql("""
                SELECT * FROM agent_sessions
                WHERE user_id = :user AND NOT is_deleted AND kind = 'chat' AND title IS NOT NULL
                  AND lower(title) LIKE :pattern
                  AND (CAST(:project AS uuid) IS NULL OR project_id = :project)
                ORDER BY updated_at DESC LIMIT :limit""")
                .param("user", userId).param("pattern", pattern).param("project", projectId).param("limit", limit)
                .query(rows).list();
    }

    Optional<Session> titleIfUntitled(UUID id, String title) {
        return jdbc.sql("""
                UPDATE agent_sessions SET title = :title, updated_at = now()
                WHERE id = :id AND title IS NULL AND NOT is_deleted RETURNING *""")
                .param("id", id).param("title", title).query(rows).optional();
    }

    /** Applies the patch's fields and sets {@code updated_at}; the one place that names the columns. */
    Session update(UUID id, SessionPatch patch) {
        if (patch.isEmpty()) {
            return find(id).orElseThrow();
        }
        List<String> assignments = new ArrayList<>();
        Map<String, @Nullable Object> params = new HashMap<>();
        set(assignments, params, "status", patch.status());
        set(assignments, params, "title", patch.title());
        set(assignments, params, "project_id", patch.projectId());
        set(assignments, params, "sdk_session_id", patch.sdkSessionId());
        setJson(assignments, params, "config_snapshot", patch.configSnapshot());
        setJson(assignments, params, "state_patch", patch.statePatch());
        set(assignments, params, "workspace_archive_url", patch.workspaceArchiveUrl());
        set(assignments, params, "workspace_files_prefix", patch.workspaceFilesPrefix());
        set(assignments, params, "workspace_manifest_key", patch.workspaceManifestKey());
        set(assignments, params, "workspace_archive_key", patch.workspaceArchiveKey());
        set(assignments, params, "workspace_export_status", patch.workspaceExportStatus());
        var spec = jdbc.sql("UPDATE agent_sessions SET " + String.join(", ", assignments)
                + ", updated_at = now() WHERE id = :id RETURNING *").param("id", id);
        for (var entry : params.entrySet()) {
            spec = spec.param(entry.getKey(), entry.getValue());
        }
        return spec.query(rows).single();
    }

    private static void set(List<String> assignments, Map<String, @Nullable Object> params, String column,
            SessionPatch.@Nullable Change<?> change) {
        if (change != null) {
            assignments.add(column + " = :" + column);
            params.put(column, change.value());
        }
    }

    private void setJson(List<String> assignments, Map<String, @Nullable Object> params, String column,
            SessionPatch.@Nullable Change<JsonNode> change) {
        if (change != null) {
            assignments.add(column + " = CAST(:" + column + " AS jsonb)");
            params.put(column, json.write(change.value()));
        }
    }

    void softDelete(UUID id) {
        jdbc.sql("UPDATE agent_sessions SET is_deleted = true, updated_at = now() WHERE id = :id")
                .param("id", id).update();
    }

    @SuppressWarnings("NullAway") // a NOT NULL column: Spring types single-column rows as nullable
    List<UUID> detachProject(UUID projectId) {
        return jdbc.sql("""
                UPDATE agent_sessions SET project_id = NULL, updated_at = now()
                WHERE project_id = :project RETURNING id""")
                .param("project", projectId).query(UUID.class).list();
    }
}
