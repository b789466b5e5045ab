/**
 * Network events (issue 13): the connections each run's egress gate opened or refused, reported by its runner and
 * shown to the session's owner. Ours, not poco's.
 * <ul>
 * <li>routes: {@code POST /internal/runs/{run_id}/network-events} (runner token; idempotent per (run, seq); at most
 * 500 per batch), {@code GET /sessions/{id}/network[?run_id=]} ({@code NetworkEventController}); service:
 * {@code NetworkEventService}; repository: {@code NetworkEventRepository} ({@code run_network_events});</li>
 * <li>events: out, {@code network.connection} in the session log, one per newly stored connection;</li>
 * <li>API: {@code NetworkEventView}, {@code NetworkEventsReceipt} (the wire shapes; nothing depends on this
 * package).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "events", "runs", "sessions"})
@NullMarked
package dev.poco.server.networkevents;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
