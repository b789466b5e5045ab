package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the run stages into the agent's {@code ~/.claude} (poco's stagers, reference
 * poco-execution.md §1.6/1.8). The server fills the ids from the config snapshot; the runner's
 * capabilities stage resolves them through the server's internal endpoints and fills the rest
 * ({@link #withResolved}), so later stages (and a warm pool's launch key) can see what was staged.
 *
 * @param skillIds installed skills to stage
 * @param pluginIds installed plugins to stage
 * @param mcpServerIds MCP servers to configure
 * @param subagentIds subagents to stage; null means the user's enabled ones (poco's rule when the
 *     snapshot has no {@code subagent_ids})
 * @param slashCommands slash command names: as the server sends them, none (the user's enabled
 *     ones); once resolved, the commands staged under {@code ~/.claude/commands/}
 * @param claudeMd the user's CLAUDE.md text when they enabled it; null for none (filled when resolved)
 * @param envVarNames names of the user's environment variables the run may use; never values (filled when resolved)
 * @param resolved what the runner staged; null until its capabilities stage ran
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Capabilities(
        List<Integer> skillIds,
        List<Integer> pluginIds,
        List<Integer> mcpServerIds,
        @Nullable List<Integer> subagentIds,
        List<String> slashCommands,
        @Nullable String claudeMd,
        List<String> envVarNames,
        @Nullable ResolvedCapabilities resolved) {

    public static final Capabilities NONE = new Capabilities(List.of(), List.of(), List.of(), null, List.of(), null,
            List.of(), null);

    @SuppressWarnings("ConstantConditions")
    public Capabilities {
        skillIds = skillIds == null ? List.of() : List.copyOf(skillIds);
        pluginIds = pluginIds == null ? List.of() : List.copyOf(pluginIds);
        mcpServerIds = mcpServerIds == null ? List.of() : List.copyOf(mcpServerIds);
        subagentIds = subagentIds == null ? null : List.copyOf(subagentIds);
        slashCommands = slashCommands == null ? List.of() : List.copyOf(slashCommands);
        envVarNames = envVarNames == null ? List.of() : List.copyOf(envVarNames);
    }

    /** These ids with what the runner resolved and staged for them. */
    public Capabilities withResolved(List<String> stagedCommands, @Nullable String stagedClaudeMd,
            List<String> availableEnvVarNames, ResolvedCapabilities staged) {
        return new Capabilities(skillIds, pluginIds, mcpServerIds, subagentIds, stagedCommands, stagedClaudeMd,
                availableEnvVarNames, staged);
    }
}
