/**
 * A scriptable fake of Anthropic's Messages API on a real TCP socket, speaking the real wire
 * protocol (SSE streaming, non-streaming JSON, Anthropic error bodies), so that the real Claude
 * Code CLI, benchmarks and the demo mode can run without a model.
 *
 * <p>Entry point: {@link dev.poco.testkit.anthropic.FakeAnthropicServer}. Replies are built with
 * {@link dev.poco.testkit.anthropic.Reply}; every request is captured as a
 * {@link dev.poco.testkit.anthropic.RecordedRequest}. Rendering and HTTP handling are
 * package-private.
 */
@NullMarked
package dev.poco.testkit.anthropic;

import org.jspecify.annotations.NullMarked;
