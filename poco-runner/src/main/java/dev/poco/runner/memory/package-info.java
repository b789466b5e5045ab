/**
 * The agent's memory (poco's built-in {@code __poco_memory} MCP server): an in-process ("sdk") MCP server the CLI
 * reaches through the control protocol ({@code mcp_message}), so nothing of it runs in the sandbox and no server URL
 * or token goes there. Each tool call becomes a call of the server's internal memory routes with the runner's token
 * and the run's session; the server acts for the session's owner. Wired only when the run's spec has memory on
 * (the owner's switch).
 */
@NullMarked
package dev.poco.runner.memory;

import org.jspecify.annotations.NullMarked;
