package dev.poco.runner.run;

import dev.poco.runner.report.CallbackReporter;
import dev.poco.runner.server.ServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the run's callback channel for the stages after it, and at the very end tells the server
 * how the run ended: {@code /fail} when the agent never started, the terminal callback when it
 * did, nothing for a canceled run (the server knows) or an unreported one. Comes early in the
 * pipeline so that it finishes last, after the result snapshot and export.
 */
final class ReportStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(ReportStage.class);

    @Override
    public void run(RunContext ctx) {
        ctx.reporter(new CallbackReporter(ctx.server(), ctx.sessionId(), ctx.runId(),
                ctx.settings().callbackRetryFor()));
    }

    @Override
    public void finish(RunContext ctx) {
        CallbackReporter reporter = ctx.reporterOrNull();
        try {
            switch (ctx.outcome()) {
                case RunOutcome.NotStarted notStarted -> fail(ctx, notStarted.error());
                case RunOutcome.Finished finished -> {
                    if (reporter != null && !ctx.canceled()) {
                        // the gateway's count (since the run began: a live agent's gateway serves several runs), not
                        // the sandbox's self-report, is the run's usage of record
                        reporter.finish(finished.status(), finished.progress(), finished.state(), finished.error(),
                                ctx.meteredUsage());
                    }
                }
                case RunOutcome.Unreported unreported -> { }
            }
        } finally {
            if (reporter != null) {
                reporter.close(); // delivers what is queued, the terminal callback last
            }
        }
    }

    private static void fail(RunContext ctx, String message) {
        try {
            ctx.server().fail(ctx.runId(), ctx.settings().workerId(), message);
        } catch (ServerException e) {
            log.error("Could not report the failure of run {} ({}): {}", ctx.runId(), message, e.getMessage());
        }
    }
}
