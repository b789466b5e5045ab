package dev.poco.runner.run;

import dev.poco.protocol.CallbackStatus;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.sandbox.SandboxEndReason;

/** Outcome texts shared by several stages. */
final class RunOutcomes {

    private RunOutcomes() {}

    /** Laying out the workspace or staging its inputs failed: the run fails with {@code /fail}. */
    static StageFailure couldNotPrepareTheWorkspace(RuntimeException e) {
        return new StageFailure(new RunOutcome.NotStarted("Could not prepare the workspace: " + e.getMessage()), e);
    }

    /** Setting up the agent's gateway, sandbox or CLI failed: a terminal callback, as poco's executor sends. */
    static RunOutcome couldNotRunTheAgent(RunContext ctx, RuntimeException e) {
        return new RunOutcome.Finished(CallbackStatus.FAILED, ctx.progress(), null,
                "Could not run the agent: " + e.getMessage(), "failed");
    }

    /** The run's error when its sandbox hit a limit; the memory message is exactly the sandbox's. */
    static String limitMessage(SandboxEndReason reason, RunnerSettings settings) {
        return reason == SandboxEndReason.TIMEOUT
                ? "The run exceeded its time limit of " + settings.runTimeout().toMinutes() + " minutes ("
                        + reason.limit().orElseThrow().setting() + ")"
                : reason.describe(settings.limits());
    }
}
