package dev.poco.server.runs;

import dev.poco.server.questions.UserInputService;
import dev.poco.server.tools.ToolExecutionService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the queue moving when runners die: claims whose lease ran out return to the queue, and
 * running runs without a heartbeat for {@code heartbeat-timeout-seconds} are failed (their open
 * tool calls closed, their pending questions expired). Safe on several replicas: rows are taken
 * with {@code SKIP LOCKED}.
 */
@Component
class RunReaper {

    private static final Logger log = LoggerFactory.getLogger(RunReaper.class);

    private final RunService runs;
    private final RunLifecycle lifecycle;
    private final ToolExecutionService tools;
    private final UserInputService questions;
    private final RunProperties properties;
    private final TransactionTemplate tx;

    RunReaper(RunService runs, RunLifecycle lifecycle, ToolExecutionService tools, UserInputService questions, RunProperties properties,
            TransactionTemplate tx) {
        this.runs = runs;
        this.lifecycle = lifecycle;
        this.tools = tools;
        this.questions = questions;
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
                    tools.closeUnfinished(run.sessionId(), run.id(), "Failed: the runner was lost");
                    questions.expirePending(run.sessionId());
                }
            });
        } catch (RuntimeException e) {
            log.warn("Run reaper pass failed: {}", e.toString());
        }
    }
}
