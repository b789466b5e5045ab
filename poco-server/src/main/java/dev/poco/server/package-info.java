/**
 * Poco's control plane: the poco-compatible REST API under {@code /api/v1}, the run queue, the
 * callback receiver and the session event log. One sub-package per feature, each owning its
 * controller, service, repository and records; {@code common}, {@code system} and {@code auth}
 * are shared infrastructure. Module boundaries are checked by {@code ModularityTests}.
 */
@NullMarked
package dev.poco.server;

import org.jspecify.annotations.NullMarked;
