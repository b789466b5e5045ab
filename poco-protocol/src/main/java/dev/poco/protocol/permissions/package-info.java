/**
 * Permission rules in Claude Code's own syntax ({@code Bash(npm run test:*)}, {@code Read(./.env)},
 * {@code WebFetch(domain:example.com)}, {@code mcp__github__create_issue}): the server validates
 * them when a user saves one ({@link dev.poco.protocol.permissions.ToolRule#parse}), the runner stages
 * them into the run's settings ({@link dev.poco.protocol.permissions.PermissionRules}) and matches
 * "always allow" answers against the CLI's requests ({@link dev.poco.protocol.permissions.ToolRule#matches}).
 */
@NullMarked
package dev.poco.protocol.permissions;

import org.jspecify.annotations.NullMarked;
