/**
 * Message layer of the Claude Code driver: pure functions over stream-json objects.
 * {@link dev.poco.runner.claude.message.MessageParser} turns one object into a typed
 * {@link dev.poco.runner.claude.message.CliMessage} (forward-compatible: unknown types are skipped, unknown system
 * subtypes and content blocks are kept raw); {@link dev.poco.runner.claude.message.SdkMessageMapper} turns it into the
 * {@code _type}-tagged JSON that poco stores (the Python SDK 0.1.44 dataclass serialization);
 * {@link dev.poco.runner.claude.message.AgentStateTracker} derives todos, current step and progress, like poco's
 * TodoHook. No I/O here.
 */
@NullMarked
package dev.poco.runner.claude.message;

import org.jspecify.annotations.NullMarked;
