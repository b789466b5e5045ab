/**
 * A run's capabilities, resolved and staged as poco's executor manager did (reference poco-execution.md §1.6, §1.8):
 * the user's skills, plugins, slash commands, subagents and CLAUDE.md written into the session's
 * {@code .claude_data/} (the agent's {@code ~/.claude}), MCP servers and plugins handed to the CLI with
 * {@code --mcp-config} and {@code --plugin-dir}, structured subagents with {@code --agents}.
 *
 * <p>Secrets (the user's environment variables) only fill {@code ${VAR}} placeholders of MCP server definitions;
 * the substituted definitions go to a file in the run's private directory, bound read-only into the sandbox, and
 * never into the sandbox's environment or a log. {@link dev.poco.runner.capabilities.CapabilityResolver} talks to
 * the server, {@link dev.poco.runner.capabilities.CapabilityStager} writes the files;
 * {@link dev.poco.runner.capabilities.StagedCapabilities} is what the sandbox and CLI stages read.
 */
@NullMarked
package dev.poco.runner.capabilities;

import org.jspecify.annotations.NullMarked;
