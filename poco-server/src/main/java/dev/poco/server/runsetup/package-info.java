/**
 * A run's setup in one answer: what the runner otherwise asks of seven internal endpoints before a run's agent may
 * take its first message (issue 12), read in one read-only transaction.
 * <ul>
 * <li>routes: {@code POST /internal/run-setup} ({@code RunSetupController}, runner token, the run's user as
 * {@code X-User-Id}); service: {@code RunSetupService};</li>
 * <li>each part of the answer is exactly the {@code data} of the endpoint it stands for: {@code env_vars}
 * ({@code /internal/env-vars/map}), {@code mcp_config}, {@code skill_config}, {@code plugin_config},
 * {@code subagents}, {@code slash_commands} (their {@code /internal/.../resolve}), {@code claude_md}
 * ({@code /internal/claude-md}) and {@code permission_rules} ({@code /internal/sessions/{id}/permission-rules}),
 * so the runner treats either source alike; {@code slash_commands} is null when skills are asked for, since a
 * command alias is made for each skill the runner stages, which only the runner decides;</li>
 * <li>API: none.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "claudemd", "common", "envvars", "imports", "mcp", "permissions",
        "slashcommands", "subagents"})
@NullMarked
package dev.poco.server.runsetup;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
