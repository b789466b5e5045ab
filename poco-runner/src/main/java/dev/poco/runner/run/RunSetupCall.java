package dev.poco.runner.run;

import dev.poco.runner.server.ResolveAnswers;
import dev.poco.runner.server.ServerException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's setup in one call ({@code POST /internal/run-setup}): permission rules and capabilities, which {@link
 * PermissionRulesStage} and {@link ResolveCapabilitiesStage} otherwise read with seven calls between the claim and
 * the agent's first message (issue 12: on two cores the seven answers alone took 20 to 40 ms). Started once, when
 * the run starts; when it fails for any reason (a server without it, a session it cannot find, an unreachable
 * server), the stages make their own calls, with their own retries and messages.
 */
final class RunSetupCall {

    private static final Logger log = LoggerFactory.getLogger(RunSetupCall.class);
    private static final RunContext.BackgroundKey<Optional<ResolveAnswers.Setup>> SETUP =
            new RunContext.BackgroundKey<>("setup");

    private RunSetupCall() {}

    /** Starts the call beside the stages before the ones that need it; a second start does nothing. */
    static void start(RunContext ctx) {
        ctx.background(SETUP, () -> fetch(ctx));
    }

    /**
     * The answer, waiting for it; empty when it failed. Starts the call when nothing did (a stage run without its
     * {@code prepare}), so that both stages still share one call.
     */
    static Optional<ResolveAnswers.Setup> await(RunContext ctx) throws InterruptedException {
        start(ctx);
        return ctx.awaitBackground(SETUP, () -> fetch(ctx));
    }

    private static Optional<ResolveAnswers.Setup> fetch(RunContext ctx) {
        try {
            return Optional.of(ctx.server().runSetup(ctx.userId(), ctx.sessionId(),
                    ctx.claim().spec().capabilities()));
        } catch (ServerException e) {
            if (e.httpStatus() == 404) {
                log.debug("Run {}: no run setup from the server ({}); asking each endpoint", ctx.runId(),
                        e.getMessage());
            } else {
                log.info("Run {}: reading the run's setup in one call failed ({}); asking each endpoint",
                        ctx.runId(), e.getMessage());
            }
            return Optional.empty();
        }
    }
}
