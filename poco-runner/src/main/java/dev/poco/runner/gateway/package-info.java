/**
 * The model gateway: an HTTP/1.1 server on a per-run Unix socket that the sandbox reaches as {@code
 * /run/llm/api.sock} ({@code ANTHROPIC_UNIX_SOCKET}). It forwards only the Messages API to the real upstream,
 * replaces whatever credential the sandbox sent with the runner's own, streams answers back unbuffered and meters
 * tokens. The API key therefore never enters the sandbox. {@link dev.poco.runner.gateway.ModelGateway} is the entry
 * point; everything else here is internal.
 */
@NullMarked
package dev.poco.runner.gateway;

import org.jspecify.annotations.NullMarked;
