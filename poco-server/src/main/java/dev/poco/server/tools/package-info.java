/**
 * Tool executions (poco's {@code tool_executions}): one row per tool call of the agent, created
 * from a ToolUseBlock and completed by its ToolResultBlock, upserted by (session, tool_use_id).
 * Emits {@code tool.started} and {@code tool.finished}.
 */
@NullMarked
package dev.poco.server.tools;

import org.jspecify.annotations.NullMarked;
