/**
 * Driver for the Claude Code CLI (pinned 2.1.197) in SDK mode: stream-json both ways and the control protocol on
 * stdin/stdout. Entry points: {@link dev.poco.runner.claude.ClaudeCliLocator} finds and verifies the binary,
 * {@link dev.poco.runner.claude.ClaudeCommand} builds the argv, and {@link dev.poco.runner.claude.ClaudeCliSession}
 * runs one turn over a started process and reports every message as raw JSON and typed
 * {@link dev.poco.runner.claude.message.CliMessage}.
 *
 * <p>Three layers underneath, each in its own sub-package and wired together only by {@code ClaudeCliSession}:
 * {@code transport} (framing of JSON lines over a process), {@code protocol} (control requests, permission callback)
 * and {@code message} (typed messages). Exceptions live in {@code error}. Plain Java: no Spring here, and nothing of
 * poco's domain (its message JSON and agent state live in {@code dev.poco.runner.messages}); the one poco-protocol type
 * used is {@code PermissionMode}, which is the CLI's own vocabulary.
 */
@NullMarked
package dev.poco.runner.claude;

import org.jspecify.annotations.NullMarked;
