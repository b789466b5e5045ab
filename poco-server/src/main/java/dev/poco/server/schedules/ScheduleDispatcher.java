package dev.poco.server.schedules;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Fires due scheduled tasks every {@code poco.schedules.interval-seconds}, in every server where
 * {@code poco.schedules.enabled} (the default). Several replicas are safe: each due row is taken with
 * {@code SKIP LOCKED} and moved past now in the transaction that queues its run. Nothing is kept in memory: a task
 * that fell due while no server ran is due at the first pass after a start, and fires once.
 */
@Component
class ScheduleDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ScheduleDispatcher.class);

    private final ScheduledTaskService tasks;
    private final ScheduleProperties properties;
    private final AtomicLong passes = new AtomicLong();
    private volatile @Nullable Instant lastPass;

    ScheduleDispatcher(ScheduledTaskService tasks, ScheduleProperties properties) {
        this.tasks = tasks;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${poco.schedules.interval-seconds:10}", timeUnit = TimeUnit.SECONDS)
    void pass() {
        if (!properties.enabled()) {
            return;
        }
        try {
            DispatchResult result = tasks.dispatchDue(properties.batchSize());
            if (result.dispatched() + result.skipped() + result.errors() > 0) {
                log.info("Scheduled tasks: {} fired, {} skipped (a run still active), {} failed",
                        result.dispatched(), result.skipped(), result.errors());
            }
        } catch (RuntimeException e) {
            log.warn("Scheduled-task dispatch pass failed: {}", e.toString());
        } finally {
            lastPass = Instant.now();
            passes.incrementAndGet();
        }
    }

    /** Passes made since start (tests wait on it). */
    long passes() {
        return passes.get();
    }

    /** When the next pass is expected; null when this server does not dispatch. */
    @Nullable Instant nextPass() {
        if (!properties.enabled()) {
            return null;
        }
        Instant last = lastPass;
        return (last == null ? Instant.now() : last).plusSeconds(properties.intervalSeconds());
    }
}
