package dev.poco.runner.capabilities;

import dev.poco.runner.server.ResolveAnswers;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A run's configuration as the server resolved it for the run's owner, placeholders substituted. Holds secret values
 * (inside {@link #mcpServers}): kept in memory for the staging only, never logged, never put in the run spec.
 *
 * @param mcpServers MCP server definitions by server key, substituted
 * @param skills skills to stage by name, each with the id its package is downloaded by
 * @param plugins plugins to stage by name, likewise
 * @param subagents structured and raw subagents
 * @param slashCommands command markdown by command name
 * @param claudeMd the user's CLAUDE.md when enabled and not blank, else null
 * @param envVarNames the names of the user's environment variables (never values)
 */
public record ResolvedConfig(
        Map<String, JsonNode> mcpServers,
        Map<String, Staged> skills,
        Map<String, Staged> plugins,
        ResolveAnswers.Subagents subagents,
        Map<String, String> slashCommands,
        @Nullable String claudeMd,
        List<String> envVarNames) {

    /** A skill or plugin to stage: the id of its package and its entry (what the fingerprint sees of its files). */
    public record Staged(int id, @Nullable JsonNode entry) {}

    public ResolvedConfig {
        mcpServers = sorted(mcpServers);
        skills = sorted(skills);
        plugins = sorted(plugins);
        slashCommands = sorted(slashCommands);
        envVarNames = envVarNames.stream().sorted().toList();
    }

    /** Nothing at all to stage: what a pooled or hot CLI, started without staging, can serve. */
    public static final ResolvedConfig NONE = new ResolvedConfig(Map.of(), Map.of(), Map.of(),
            ResolveAnswers.Subagents.NONE, Map.of(), null, List.of());

    /** Whether staging this configuration writes nothing and adds no CLI option. */
    public boolean stagesNothing() {
        return mcpServers.isEmpty() && skills.isEmpty() && plugins.isEmpty() && slashCommands.isEmpty()
                && claudeMd == null && subagents.structuredAgents().isEmpty() && subagents.rawAgents().isEmpty();
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableMap(new TreeMap<>(map));
    }
}
