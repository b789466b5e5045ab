/**
 * The model gateway: a Jetty HTTP/1.1 server per run, on a Unix socket that the sandbox reaches as {@code
 * /run/llm/api.sock} ({@code ANTHROPIC_UNIX_SOCKET}) or on a TCP port ({@code ANTHROPIC_BASE_URL}), whichever the
 * sandbox driver needs ({@link dev.poco.runner.gateway.GatewayEndpoint}). It forwards only the Messages API to the real
 * upstream, replaces whatever credential the sandbox sent with the runner's own, streams answers back unbuffered and
 * meters tokens per model; that metered usage is the run's usage record. The API key therefore never enters the
 * sandbox. {@link dev.poco.runner.gateway.ModelGateway} is the entry point; everything else here is internal.
 */
@NullMarked
package dev.poco.runner.gateway;

import org.jspecify.annotations.NullMarked;
