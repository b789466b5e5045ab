package dev.poco.server.runs;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the queue moving when runners die: claims whose lease ran out return to the queue, and
 * running runs without a heartbeat for {@code heartbeat-timeout-seconds} are failed, and a
 * {@link RunAbandoned} tells tools and questions to close what the lost runner left open. Safe on several replicas: rows are taken
 * with {@code SKIP LOCKED}.
 */
@Component
class RunReaper {

    private static final Logger log = LoggerFactory.getLogger(RunReaper.class);

    private final RunService runs;
    private final RunLifecycle lifecycle;
    private final ApplicationEventPublisher events;
    private final RunProperties properties;
    private final TransactionTemplate tx;

    RunReaper(RunService runs, RunLifecycle lifecycle, ApplicationEventPublisher events, RunProperties properties,
            TransactionTemplate tx) {
        this.runs = runs;
        this.lifecycle = lifecycle;
        this.events = events;
        this.properties = properties;
        this.tx = tx;
    }

    @Scheduled(fixedDelayString = "${poco.runs.reaper-interval-seconds:5}", timeUnit = TimeUnit.SECONDS)
    void reap() {
        try {
            runs.requeueExpiredClaims();
            tx.executeWithoutResult(status -> {
                for (Run run : runs.lockSilentRuns()) {
                    String reason = "The runner stopped sending heartbeats" + (run.claimedBy() == null ? ""
                            : " (" + run.claimedBy() + ")") + " for over " + properties.heartbeatTimeoutSeconds()
                            + " s; the run was failed. Start a new task to continue.";
                    log.warn("Failing run {} of session {}: {}", run.id(), run.sessionId(), reason);
                    lifecycle.fail(run, reason);
                    events.publishEvent(new RunAbandoned(run.sessionId(), run.id()));
                }
            });
        } catch (RuntimeException e) {
            log.warn("Run reaper pass failed: {}", e.toString());
        }
    }
}
