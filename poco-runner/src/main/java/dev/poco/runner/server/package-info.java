/**
 * The runner's side of the wire: one HTTP client for everything a runner asks the server (claim,
 * start, fail, heartbeat, watch, callback, questions, attachments), with the runner token on
 * every call and poco's envelope unwrapped into records or exceptions.
 */
@NullMarked
package dev.poco.runner.server;

import org.jspecify.annotations.NullMarked;
