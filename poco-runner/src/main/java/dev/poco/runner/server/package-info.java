/**
 * The runner's side of the wire: {@link dev.poco.runner.server.ServerClient}, one client for
 * everything a runner asks the server (claim and release, start, fail, heartbeat, watch, callbacks,
 * questions, attachments) over the {@code RunnerApi} HTTP interface, with the runner token on every
 * call and poco's envelope unwrapped into records or {@link dev.poco.runner.server.ServerException};
 * and {@link dev.poco.runner.server.ServerRetry}, the one retry policy callers use for it.
 */
@NullMarked
package dev.poco.runner.server;

import org.jspecify.annotations.NullMarked;
