/**
 * Usage logs: one row per ResultMessage (cost, duration, token counters), aggregated per run and
 * per session the way poco does (numbers summed key by key, other values last-wins).
 */
@NullMarked
package dev.poco.server.usage;

import org.jspecify.annotations.NullMarked;
