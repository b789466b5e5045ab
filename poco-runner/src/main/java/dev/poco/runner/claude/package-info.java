/**
 * Driver for the Claude Code CLI (pinned 2.1.197) in SDK mode: stream-json both ways and the control protocol on
 * stdin/stdout. Entry points: {@link dev.poco.runner.claude.ClaudeCliLocator} finds and verifies the binary,
 * {@link dev.poco.runner.claude.ClaudeCommand} builds the argv, and {@link dev.poco.runner.claude.ClaudeCliSession}
 * runs one turn over a started process and reports every message as raw JSON, typed
 * {@link dev.poco.runner.claude.message.CliMessage} and poco's {@code _type}-tagged JSON.
 *
 * <p>Three layers underneath, each in its own sub-package and wired together only by {@code ClaudeCliSession}:
 * {@code transport} (framing of JSON lines over a process), {@code protocol} (control requests, permission callback)
 * and {@code message} (typed messages, poco serialization, agent state). Exceptions live in {@code error}. Plain Java:
 * no Spring here.
 */
@NullMarked
package dev.poco.runner.claude;

import org.jspecify.annotations.NullMarked;
