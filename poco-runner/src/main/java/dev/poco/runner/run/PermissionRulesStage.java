package dev.poco.runner.run;

import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.runner.server.ResolveAnswers;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.server.ServerRetry;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads the permission rules the run works under (the session owner's and its project's) for
 * {@link StartSandboxStage} to stage as the CLI's settings and {@link PermissionPolicy} to consult. Fails closed: a
 * run whose deny rules cannot be read does not start, since running it without them would do what the user forbade.
 * The rules come with the run's setup ({@link RunSetupCall}), which starts when the run does ({@link #prepare}),
 * beside the stages before this one; without it they are read alone.
 */
final class PermissionRulesStage implements RunStage {

    private static final ServerRetry RETRY = ServerRetry.backoff(Duration.ofMillis(500), Duration.ofSeconds(5))
            .within(Duration.ofSeconds(30));

    @Override
    public void prepare(RunContext ctx) {
        RunSetupCall.start(ctx);
    }

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        Optional<ResolveAnswers.Setup> setup = RunSetupCall.await(ctx);
        try {
            ctx.permissionRules(setup.isPresent() ? setup.get().permissionRules() : read(ctx));
        } catch (ServerException e) {
            throw new StageFailure(new RunOutcome.NotStarted("Could not read the permission rules of this session"
                    + " from the Poco server, so the agent was not started: " + e.getMessage()), e);
        }
    }

    private static PermissionRules read(RunContext ctx) throws InterruptedException {
        return RETRY.call(() -> ctx.server().permissionRules(ctx.sessionId()));
    }
}
