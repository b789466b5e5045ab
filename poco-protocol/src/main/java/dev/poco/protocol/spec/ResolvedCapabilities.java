package dev.poco.protocol.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * What the runner's capabilities stage resolved and staged for a run, by name: the server's
 * internal resolve answers after shadowing (a user's item wins over a system item of the same
 * name) and filtering. Names only, never a definition or a secret, so the spec stays safe to log.
 *
 * @param skills skills staged under {@code ~/.claude/skills/<name>/}
 * @param plugins plugins staged under {@code ~/.claude/plugins/<name>/} and passed with {@code --plugin-dir}
 * @param mcpServers MCP servers given to the CLI with {@code --mcp-config}
 * @param subagents subagents: structured ones passed with {@code --agents}, raw ones under {@code ~/.claude/agents/}
 * @param fingerprint a digest of everything staged and of the CLI arguments it adds, secret values included; keyed
 *     with a random key of the runner process, so it reveals nothing about them and is stable within that process
 *     only: two runs of one runner with the same fingerprint can share a warm CLI launch
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResolvedCapabilities(
        List<String> skills,
        List<String> plugins,
        List<String> mcpServers,
        List<String> subagents,
        String fingerprint) {

    @SuppressWarnings("ConstantConditions")
    public ResolvedCapabilities {
        skills = skills == null ? List.of() : List.copyOf(skills);
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
        mcpServers = mcpServers == null ? List.of() : List.copyOf(mcpServers);
        subagents = subagents == null ? List.of() : List.copyOf(subagents);
        fingerprint = fingerprint == null ? "" : fingerprint;
    }
}
