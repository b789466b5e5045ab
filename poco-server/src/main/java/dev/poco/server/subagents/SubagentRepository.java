package dev.poco.server.subagents;

import dev.poco.server.common.Json;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;

/** SQL for {@code sub_agents}. */
@Repository
class SubagentRepository {

    private final JdbcClient jdbc;
    private final Json json;
    private final RowMapper<Subagent> row;

    SubagentRepository(JdbcClient jdbc, Json json) {
        this.jdbc = jdbc;
        this.json = json;
        this.row = (rs, i) -> new Subagent(rs.getInt("id"), rs.getString("user_id"), rs.getString("name"),
                rs.getBoolean("enabled"), rs.getString("mode"), rs.getString("description"), rs.getString("prompt"),
                tools(json.read(rs.getString("tools"))), rs.getString("model"), rs.getString("raw_markdown"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static @Nullable List<String> tools(@Nullable JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> tools = new ArrayList<>();
        node.forEach(t -> tools.add(t.asString()));
        return tools;
    }

    /** The user's subagents, newest first. */
    List<Subagent> listByUser(String userId) {
        return jdbc.sql("SELECT * FROM sub_agents WHERE user_id = :user ORDER BY created_at DESC, id DESC")
                .param("user", userId).query(row).list();
    }

    Optional<Subagent> find(int id) {
        return jdbc.sql("SELECT * FROM sub_agents WHERE id = :id").param("id", id).query(row).optional();
    }

    boolean nameTaken(String userId, String name, int exceptId) {
        return jdbc.sql("SELECT count(*) FROM sub_agents WHERE user_id = :user AND name = :name AND id <> :id")
                .param("user", userId).param("name", name).param("id", exceptId).query(Long.class).single() > 0;
    }

    Subagent insert(String userId, SubagentFields f) {
        return jdbc.sql("""
                INSERT INTO sub_agents (user_id, name, enabled, mode, description, prompt, tools, model, raw_markdown)
                VALUES (:user, :name, :enabled, :mode, :description, :prompt, CAST(:tools AS jsonb), NULL, :raw)
                RETURNING *""")
                .param("user", userId).param("name", f.name()).param("enabled", f.enabled()).param("mode", f.mode())
                .param("description", f.description()).param("prompt", f.prompt())
                .param("tools", json.write(f.tools())).param("raw", f.rawMarkdown())
                .query(row).single();
    }

    Subagent update(int id, SubagentFields f) {
        return jdbc.sql("""
                UPDATE sub_agents SET name = :name, enabled = :enabled, mode = :mode, description = :description,
                       prompt = :prompt, tools = CAST(:tools AS jsonb), model = NULL, raw_markdown = :raw,
                       updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("name", f.name()).param("enabled", f.enabled()).param("mode", f.mode())
                .param("description", f.description()).param("prompt", f.prompt())
                .param("tools", json.write(f.tools())).param("raw", f.rawMarkdown())
                .query(row).single();
    }

    void delete(int id) {
        jdbc.sql("DELETE FROM sub_agents WHERE id = :id").param("id", id).update();
    }
}
