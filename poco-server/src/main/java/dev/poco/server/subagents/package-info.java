/**
 * Subagents ({@code sub_agents}) as poco has them: a user's own agents, written as structured fields (description,
 * prompt, tools) that the runner passes to the CLI as agents, or as a raw markdown file staged into
 * {@code .claude_data/agents/}. Per-agent model overrides are off: {@code model} is always null and stripped from
 * raw front matter.
 * <ul>
 * <li>routes: {@code /subagents} ({@code SubagentController}), {@code POST /internal/subagents/resolve}
 * ({@code InternalSubagentController}, runner token);</li>
 * <li>service: {@code SubagentService}; repository: {@code SubagentRepository};</li>
 * <li>API: {@link dev.poco.server.subagents.SubagentService#enabledIds} (tasks' default subagents), {@code
 * SubagentService#resolve} and {@code ResolvedSubagents} (a run's setup).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common"})
@NullMarked
package dev.poco.server.subagents;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
