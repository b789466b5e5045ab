package dev.poco.server.tasks;

import dev.poco.server.mcp.McpInstallService;
import dev.poco.server.subagents.SubagentService;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The user's capability installs, read for the config snapshot of new tasks (which MCP servers,
 * skills, plugins and subagents a run gets by default). MCP servers and subagents come from their
 * features' APIs. Skill and plugin installs are still read from poco's tables here because the
 * skills/plugins features are being written in parallel; that SQL moves behind their APIs once
 * they exist.
 */
@Component
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
    private final McpInstallService mcp;
    private final SubagentService subagents;

    InstallDefaults(JdbcClient jdbc, McpInstallService mcp, SubagentService subagents) {
        this.jdbc = jdbc;
        this.mcp = mcp;
        this.subagents = subagents;
    }

    /** The user's installs of a kind, newest first. */
    List<Install> installs(Kind kind, String userId) {
        if (kind == Kind.MCP) {
            return mcp.installs(userId).stream().map(i -> new Install(i.serverId(), i.enabled())).toList();
        }
        // skills/plugins: poco's install tables, until the skills and plugins features offer this
        return jdbc.sql("SELECT " + kind.column + " AS target, enabled FROM " + kind.table
                        + " WHERE user_id = :user ORDER BY created_at DESC, id DESC")
                .param("user", userId)
                .query((rs, i) -> new Install(rs.getInt("target"), rs.getBoolean("enabled")))
                .list();
    }

    List<Integer> enabledSubagents(String userId) {
        return subagents.enabledIds(userId);
    }
}
