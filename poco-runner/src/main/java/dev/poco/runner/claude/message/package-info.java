/**
 * Message layer of the Claude Code driver: pure functions over stream-json objects.
 * {@link dev.poco.runner.claude.message.MessageParser} turns one object into a typed
 * {@link dev.poco.runner.claude.message.CliMessage} (forward-compatible: unknown types are skipped, unknown system
 * subtypes and content blocks are kept raw). What these messages mean to poco (its {@code _type} JSON, the agent
 * state) is the runner's business, in {@code dev.poco.runner.messages}. No I/O here.
 */
@NullMarked
package dev.poco.runner.claude.message;

import org.jspecify.annotations.NullMarked;
