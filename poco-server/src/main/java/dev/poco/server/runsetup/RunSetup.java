package dev.poco.server.runsetup;

import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.server.claudemd.ClaudeMdView;
import dev.poco.server.envvars.EnvVarMap;
import dev.poco.server.subagents.ResolvedSubagents;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The answer of {@code POST /internal/run-setup}: each part as its own endpoint answers it (see the package).
 *
 * @param slashCommands null when skills were asked for: the runner resolves the commands with its skills' aliases
 */
record RunSetup(
        EnvVarMap envVars,
        ObjectNode mcpConfig,
        Map<String, Map<String, @Nullable Object>> skillConfig,
        Map<String, Map<String, @Nullable Object>> pluginConfig,
        ResolvedSubagents subagents,
        @Nullable Map<String, String> slashCommands,
        ClaudeMdView claudeMd,
        PermissionRules permissionRules) {}
