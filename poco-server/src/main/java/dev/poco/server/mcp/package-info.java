/**
 * MCP servers ({@code mcp_servers}) and the users' installs of them ({@code user_mcp_installs}), as poco has them:
 * each server holds one definition in poco's wrapper {@code {"mcpServers": {"<key>": {...}}}}, checked and normalised
 * by {@code McpConfigs}; {@code system} servers are visible to everyone unless a user server of the same name shadows
 * them, and no user may change them. An install puts a server into a user's runs; its {@code enabled} flag only picks
 * the default for new tasks.
 * <ul>
 * <li>routes: {@code /mcp-servers} ({@code McpServerController}), {@code /mcp-installs} ({@code McpInstallController}),
 * {@code POST /internal/mcp-config/resolve} ({@code InternalMcpConfigController}, runner token);</li>
 * <li>services: {@code McpServerService}, {@code McpInstallService}; repositories: {@code McpServerRepository},
 * {@code McpInstallRepository};</li>
 * <li>API: {@link dev.poco.server.mcp.McpInstallService#installs} (tasks build their config snapshot from it),
 * {@code McpInstallService#resolve} (a run's setup).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common"})
@NullMarked
package dev.poco.server.mcp;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
