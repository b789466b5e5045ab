/**
 * Reporting a run to the server: every step as a callback, in order, numbered per run so that a
 * retry after a network failure or a server restart is stored once.
 */
@NullMarked
package dev.poco.runner.report;

import org.jspecify.annotations.NullMarked;
