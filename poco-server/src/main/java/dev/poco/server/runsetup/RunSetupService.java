package dev.poco.server.runsetup;

import dev.poco.server.auth.Caller;
import dev.poco.server.claudemd.ClaudeMdService;
import dev.poco.server.envvars.EnvVarService;
import dev.poco.server.imports.CatalogService;
import dev.poco.server.imports.PackageKind;
import dev.poco.server.mcp.McpInstallService;
import dev.poco.server.permissions.PermissionRuleService;
import dev.poco.server.slashcommands.SlashCommandService;
import dev.poco.server.subagents.SubagentService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.JsonNodeFactory;

/** Reads a run's setup through the services behind the seven endpoints it stands for, in one transaction. */
@Service
class RunSetupService {

    private final EnvVarService envVars;
    private final McpInstallService mcp;
    private final CatalogService catalog;
    private final SubagentService subagents;
    private final SlashCommandService commands;
    private final ClaudeMdService claudeMd;
    private final PermissionRuleService rules;

    RunSetupService(EnvVarService envVars, McpInstallService mcp, CatalogService catalog, SubagentService subagents,
            SlashCommandService commands, ClaudeMdService claudeMd, PermissionRuleService rules) {
        this.envVars = envVars;
        this.mcp = mcp;
        this.catalog = catalog;
        this.subagents = subagents;
        this.commands = commands;
        this.claudeMd = claudeMd;
        this.rules = rules;
    }

    /**
     * @param subagentIds null for the user's enabled subagents, as {@code /internal/subagents/resolve} takes it
     * @param commandNames the run's slash commands, empty for all of the user's
     */
    @Transactional(readOnly = true)
    RunSetup read(Caller caller, UUID sessionId, List<Integer> mcpServerIds, List<Integer> skillIds,
            List<Integer> pluginIds, @Nullable List<Integer> subagentIds, List<String> commandNames) {
        return new RunSetup(
                envVars.map(caller.userId()),
                mcpServerIds.isEmpty() ? JsonNodeFactory.instance.objectNode() : mcp.resolve(caller, mcpServerIds),
                skillIds.isEmpty() ? Map.of() : catalog.resolve(PackageKind.SKILL, caller.userId(), skillIds),
                pluginIds.isEmpty() ? Map.of() : catalog.resolve(PackageKind.PLUGIN, caller.userId(), pluginIds),
                subagents.resolve(caller, subagentIds),
                skillIds.isEmpty() ? commands.resolve(caller, commandNames, List.of()) : null,
                claudeMd.get(caller.userId()),
                rules.forSession(sessionId));
    }
}
