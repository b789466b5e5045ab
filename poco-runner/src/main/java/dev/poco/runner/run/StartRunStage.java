package dev.poco.runner.run;

import dev.poco.protocol.RunView;
import dev.poco.runner.server.ServerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the server the run starts ({@code POST /runs/{id}/start}). A run the server will not
 * start, or that was finished (canceled) meanwhile, ends here quietly: nobody is told, nothing
 * else runs.
 */
final class StartRunStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(StartRunStage.class);

    @Override
    public void run(RunContext ctx) {
        RunView started;
        try {
            started = ctx.server().start(ctx.runId(), ctx.settings().workerId());
        } catch (ServerException e) {
            log.warn("Could not start run {}: {}", ctx.runId(), e.getMessage());
            throw new StageFailure(new RunOutcome.Unreported("not started"), e);
        }
        if (started.status().isTerminal()) {
            log.info("Run {} was {} before it started; nothing to do", ctx.runId(), started.status().wire());
            throw new StageFailure(new RunOutcome.Unreported("not started"));
        }
    }
}
