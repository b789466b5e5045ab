/**
 * Control protocol of the Claude Code driver, on top of a {@link dev.poco.runner.claude.transport.CliTransport}:
 * the {@code initialize} handshake, outgoing control requests ({@code interrupt}, {@code set_permission_mode},
 * {@code set_model}) awaited with timeouts, incoming {@code can_use_tool} requests answered by a
 * {@link dev.poco.runner.claude.protocol.ToolPermissionHandler}, and {@code control_cancel_request}. Ordinary
 * messages pass through untouched, in order; their meaning is the business of {@code dev.poco.runner.claude.message}.
 */
@NullMarked
package dev.poco.runner.claude.protocol;

import org.jspecify.annotations.NullMarked;
