/**
 * Usage logs: one row per ResultMessage (cost, duration, token counters), aggregated per run and
 * per session the way poco does (numbers summed key by key, other values last-wins). When the
 * runner's terminal callback carries what its model gateway metered, that replaces the run's
 * self-reported rows (the tokens cannot be forged from inside the sandbox).
 */
@NullMarked
package dev.poco.server.usage;

import org.jspecify.annotations.NullMarked;
