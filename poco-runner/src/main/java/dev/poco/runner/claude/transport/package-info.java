/**
 * Transport layer of the Claude Code driver: moves newline-delimited JSON between the host and one CLI process and
 * knows nothing about what the messages mean. {@link dev.poco.runner.claude.transport.CliTransport} is the contract;
 * {@link dev.poco.runner.claude.transport.StreamCliTransport} implements it over the streams of an
 * already started CLI ({@link dev.poco.runner.claude.transport.CliProcess}: a host process, or a command in a
 * sandbox). The control protocol is built on
 * top of this layer in {@code dev.poco.runner.claude.protocol}.
 */
@NullMarked
package dev.poco.runner.claude.transport;

import org.jspecify.annotations.NullMarked;
