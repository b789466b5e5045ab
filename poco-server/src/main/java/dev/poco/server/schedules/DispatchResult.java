package dev.poco.server.schedules;

import java.util.List;
import java.util.UUID;

/** poco's answer to {@code dispatch-due}: runs queued, tasks skipped (a run still active) and tasks that failed. */
record DispatchResult(int dispatched, List<UUID> runIds, int skipped, int errors) {}
