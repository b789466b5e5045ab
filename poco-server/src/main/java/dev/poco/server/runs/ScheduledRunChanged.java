package dev.poco.server.runs;

import dev.poco.protocol.RunStatus;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A run of a scheduled task was queued or changed status; published synchronously, inside the transaction that
 * changed it, so the task's last-run summary (poco §3.7 "summary sync") commits with the run.
 */
public record ScheduledRunChanged(UUID scheduledTaskId, UUID runId, RunStatus status, @Nullable String lastError) {}
