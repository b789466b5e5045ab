package dev.poco.server.tasks;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The user's capability installs, read for the config snapshot of new tasks (which MCP servers,
 * skills, plugins and subagents a run gets by default). The catalog features that manage these
 * tables will take this over; until then the tables are read here directly.
 */
@Repository
class InstallDefaults {

    record Install(int targetId, boolean enabled) {}

    enum Kind {
        MCP("user_mcp_installs", "server_id"),
        SKILL("user_skill_installs", "skill_id"),
        PLUGIN("user_plugin_installs", "plugin_id");

        final String table;
        final String column;

        Kind(String table, String column) {
            this.table = table;
            this.column = column;
        }
    }

    private final JdbcClient jdbc;

    InstallDefaults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's installs of a kind, newest first. */
    List<Install> installs(Kind kind, String userId) {
        return jdbc.sql("SELECT " + kind.column + " AS target, enabled FROM " + kind.table
                        + " WHERE user_id = :user ORDER BY created_at DESC, id DESC")
                .param("user", userId)
                .query((rs, i) -> new Install(rs.getInt("target"), rs.getBoolean("enabled")))
                .list();
    }

    @SuppressWarnings("NullAway") // a NOT NULL column: Spring types single-column rows as nullable
    List<Integer> enabledSubagents(String userId) {
        return jdbc.sql("SELECT id FROM sub_agents WHERE user_id = :user AND enabled ORDER BY id")
                .param("user", userId).query(Integer.class).list();
    }
}
