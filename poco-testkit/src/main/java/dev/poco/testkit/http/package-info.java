/**
 * HTTP helpers for tests and benchmarks that talk to a running Poco over a real socket: a JSON
 * client acting as a user or a runner, poco's envelope assertions, and a Server-Sent-Events reader.
 */
@NullMarked
package dev.poco.testkit.http;

import org.jspecify.annotations.NullMarked;
