package dev.poco.server.claudemd;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code user_claude_md_settings}. */
@Repository
class ClaudeMdRepository {

    private static final RowMapper<ClaudeMdSettings> ROW = (rs, i) -> new ClaudeMdSettings(
            rs.getInt("id"),
            rs.getString("user_id"),
            rs.getBoolean("enabled"),
            rs.getString("content"),
            rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("updated_at", OffsetDateTime.class));

    private final JdbcClient jdbc;

    ClaudeMdRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ClaudeMdSettings> find(String userId) {
        return jdbc.sql("SELECT * FROM user_claude_md_settings WHERE user_id = :user")
                .param("user", userId).query(ROW).optional();
    }

    /** One statement, so two concurrent first saves cannot collide (poco answered that race with DATABASE_ERROR). */
    ClaudeMdSettings upsert(String userId, boolean enabled, String content) {
        return jdbc.sql("""
                INSERT INTO user_claude_md_settings (user_id, enabled, content) VALUES (:user, :enabled, :content)
                ON CONFLICT ON CONSTRAINT uq_user_claude_md_settings_user_id
                DO UPDATE SET enabled = EXCLUDED.enabled, content = EXCLUDED.content, updated_at = now()
                RETURNING *""")
                .param("user", userId).param("enabled", enabled).param("content", content)
                .query(ROW).single();
    }

    void delete(String userId) {
        jdbc.sql("DELETE FROM user_claude_md_settings WHERE user_id = :user").param("user", userId).update();
    }
}
