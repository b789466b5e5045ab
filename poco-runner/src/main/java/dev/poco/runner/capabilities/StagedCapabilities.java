package dev.poco.runner.capabilities;

import dev.poco.protocol.spec.ResolvedCapabilities;
import dev.poco.runner.claude.ClaudeCommand;
import dev.poco.runner.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the capabilities stage staged that the sandbox and the CLI command must carry: the MCP config file (host side,
 * in the run's private directory, bound read-only at {@link #SANDBOX_MCP_CONFIG}), the plugin directories as the
 * sandbox sees them, and the structured subagents as the CLI's {@code --agents} JSON. Holds no secret itself: the
 * substituted MCP definitions are only in the file.
 *
 * @param mcpConfigFile host path of the MCP config file; null when the run has no MCP server
 * @param pluginDirs {@code --plugin-dir} values, sandbox paths
 * @param agentsJson {@code --agents} value; null when the run has no structured subagent
 * @param summary the names staged and the fingerprint, as the run spec carries them
 */
public record StagedCapabilities(@Nullable Path mcpConfigFile, List<String> pluginDirs, @Nullable String agentsJson,
        ResolvedCapabilities summary) {

    /** Where the sandbox sees the run's MCP config file. */
    public static final String SANDBOX_MCP_CONFIG = "/run/poco/mcp-config.json";

    /** Nothing staged (a pipeline without the capabilities stage). */
    public static final StagedCapabilities NONE = new StagedCapabilities(null, List.of(), null,
            new ResolvedCapabilities(List.of(), List.of(), List.of(), List.of(), ""));

    public StagedCapabilities {
        pluginDirs = List.copyOf(pluginDirs);
    }

    /** {@code command} with {@code --mcp-config}, {@code --plugin-dir} and {@code --agents} as staged. */
    public ClaudeCommand applyTo(ClaudeCommand command) {
        return command.withCapabilities(mcpConfigFile == null ? null : SANDBOX_MCP_CONFIG, pluginDirs, agentsJson);
    }

    /** Binds the MCP config file into the sandbox, read-only. */
    public SandboxSpec.Builder bindInto(SandboxSpec.Builder spec) {
        return mcpConfigFile == null ? spec : spec.readOnlyBind(mcpConfigFile, SANDBOX_MCP_CONFIG);
    }
}
