package dev.poco.server.slashcommands;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code slash_commands}. */
@Repository
class SlashCommandRepository {

    private static final RowMapper<SlashCommand> ROW = (rs, i) -> new SlashCommand(rs.getInt("id"),
            rs.getString("user_id"), rs.getString("name"), rs.getBoolean("enabled"), rs.getString("mode"),
            rs.getString("description"), rs.getString("argument_hint"), rs.getString("allowed_tools"),
            rs.getString("content"), rs.getString("raw_markdown"), rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("updated_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    SlashCommandRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's commands, newest first. */
    List<SlashCommand> listByUser(String userId) {
        return jdbc.sql("SELECT * FROM slash_commands WHERE user_id = :user ORDER BY created_at DESC, id DESC")
                .param("user", userId).query(ROW).list();
    }

    Optional<SlashCommand> find(int id) {
        return jdbc.sql("SELECT * FROM slash_commands WHERE id = :id").param("id", id).query(ROW).optional();
    }

    boolean nameTaken(String userId, String name, int exceptId) {
        return jdbc.sql("SELECT count(*) FROM slash_commands WHERE user_id = :user AND name = :name AND id <> :id")
                .param("user", userId).param("name", name).param("id", exceptId).query(Long.class).single() > 0;
    }

    SlashCommand insert(String userId, CommandFields c) {
        return jdbc.sql("""
                INSERT INTO slash_commands (user_id, name, enabled, mode, description, argument_hint, allowed_tools,
                                            content, raw_markdown)
                VALUES (:user, :name, :enabled, :mode, :description, :hint, :tools, :content, :raw) RETURNING *""")
                .param("user", userId).param("name", c.name()).param("enabled", c.enabled())
                .param("mode", c.mode()).param("description", c.description()).param("hint", c.argumentHint())
                .param("tools", c.allowedTools()).param("content", c.content()).param("raw", c.rawMarkdown())
                .query(ROW).single();
    }

    SlashCommand update(int id, CommandFields c) {
        return jdbc.sql("""
                UPDATE slash_commands SET name = :name, enabled = :enabled, mode = :mode, description = :description,
                       argument_hint = :hint, allowed_tools = :tools, content = :content, raw_markdown = :raw,
                       updated_at = now()
                WHERE id = :id RETURNING *""")
                .param("id", id).param("name", c.name()).param("enabled", c.enabled())
                .param("mode", c.mode()).param("description", c.description()).param("hint", c.argumentHint())
                .param("tools", c.allowedTools()).param("content", c.content()).param("raw", c.rawMarkdown())
                .query(ROW).single();
    }

    void delete(int id) {
        jdbc.sql("DELETE FROM slash_commands WHERE id = :id").param("id", id).update();
    }
}
