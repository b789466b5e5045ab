/**
 * Poco's benchmarks ({@code ./poco bench}): the product booted in-process on a random port against
 * an embedded PostgreSQL, driven over real sockets, timed with {@link System#nanoTime()}. They print
 * figures and never pass or fail.
 */
@NullMarked
package dev.poco.bench;

import org.jspecify.annotations.NullMarked;
