package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the run stages into the agent's {@code ~/.claude} (poco's stagers, reference
 * poco-execution.md §1.6/1.8). Today the server fills the ids from the config snapshot and the
 * runner stages nothing yet; the capabilities feature adds a stage that reads them.
 *
 * @param skillIds installed skills to stage
 * @param pluginIds installed plugins to stage
 * @param mcpServerIds MCP servers to configure
 * @param subagentIds subagents to stage; null means the user's enabled ones (poco's rule when the
 *     snapshot has no {@code subagent_ids})
 * @param slashCommands custom slash command names to stage; empty means all of the user's
 * @param claudeMd the user's CLAUDE.md text when they enabled it; null for none
 * @param envVarNames names of the user's environment variables the run may use; never values
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
        List<String> envVarNames) {

    public static final Capabilities NONE = new Capabilities(List.of(), List.of(), List.of(), null, List.of(), null,
            List.of());

    @SuppressWarnings("ConstantConditions")
    public Capabilities {
        skillIds = skillIds == null ? List.of() : List.copyOf(skillIds);
        pluginIds = pluginIds == null ? List.of() : List.copyOf(pluginIds);
        mcpServerIds = mcpServerIds == null ? List.of() : List.copyOf(mcpServerIds);
        subagentIds = subagentIds == null ? null : List.copyOf(subagentIds);
        slashCommands = slashCommands == null ? List.of() : List.copyOf(slashCommands);
        envVarNames = envVarNames == null ? List.of() : List.copyOf(envVarNames);
    }
}
