/**
 * Tool executions (poco's {@code tool_executions}): one row per tool call of the agent, created from a
 * ToolUseBlock and completed by its ToolResultBlock, upserted by (session, tool_use_id).
 * <ul>
 * <li>routes: {@code GET /tool-executions/{id}}, {@code GET /sessions/{id}/tool-executions[/delta]}
 * ({@code ToolExecutionController});</li>
 * <li>service: {@link dev.poco.server.tools.ToolExecutionService}; repository: {@code ToolExecutionRepository};</li>
 * <li>events: out, {@code tool.started} and {@code tool.finished} in the session log; in,
 * {@code runs.RunAbandoned} (close the lost run's open calls);</li>
 * <li>API: {@code ToolExecution}, {@code ToolExecutionService}, {@code ToolExecutionView}.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "events", "runs", "sessions"})
@NullMarked
package dev.poco.server.tools;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
