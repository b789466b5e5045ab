/**
 * The runner's view of the CLI's messages in poco's terms, kept out of the driver
 * ({@code dev.poco.runner.claude}, which knows nothing of poco):
 * {@link dev.poco.runner.messages.SdkMessageMapper} turns a typed message into the {@code _type}-tagged JSON that poco
 * stores (the Python SDK 0.1.44 dataclass serialization), {@link dev.poco.runner.messages.AgentStateTracker} derives
 * todos, current step and progress like poco's TodoHook, and {@link dev.poco.runner.messages.PocoMessageListener}
 * applies both to each message of a turn. No I/O here.
 */
@NullMarked
package dev.poco.runner.messages;

import org.jspecify.annotations.NullMarked;
