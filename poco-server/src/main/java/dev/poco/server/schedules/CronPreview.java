package dev.poco.server.schedules;

import java.time.OffsetDateTime;
import java.util.List;

/** Poco's {@code GET /scheduled-tasks/preview}: the next fires of an expression, in UTC and on the zone's clock. */
record CronPreview(String cron, String timezone, List<OffsetDateTime> nextRuns, List<String> nextRunsLocal) {}
