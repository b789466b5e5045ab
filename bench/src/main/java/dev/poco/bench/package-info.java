/**
 * Poco's benchmarks ({@code ./poco bench}): the user's path through {@code ./poco start} run as a
 * process of its own (the real CLI, the sandbox, poco-testkit's fake model), looked at only through
 * its HTTP API and {@code /proc}; the bare CLI beside it; and the server alone booted in-process
 * against an embedded PostgreSQL. They print absolute figures and never pass or fail.
 */
@NullMarked
package dev.poco.bench;

import org.jspecify.annotations.NullMarked;
