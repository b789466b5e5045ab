package dev.poco.runner.run;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.spec.Repository;
import dev.poco.runner.workspace.RepositoryCloner;
import dev.poco.runner.workspace.WorkspaceException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Clones the run's GitHub repository ({@code repo_url}, {@code git_branch}, {@code git_token_env_key}) into the
 * workspace before the agent starts (issue 13, part 2; {@link RepositoryCloner} says how the token stays out of the
 * sandbox). The session's step shows the clone's progress. A token variable the user has no secret for, a private
 * repository without a token, a refused token or a missing branch fail the run with {@code /fail}, naming the cause.
 */
final class CloneRepositoryStage implements RunStage {

    private final RepositoryCloner cloner;

    CloneRepositoryStage(RepositoryCloner cloner) {
        this.cloner = cloner;
    }

    @Override
    public void run(RunContext ctx) {
        Repository repository = ctx.spec().repository();
        if (repository == null) {
            return;
        }
        String token = null;
        String key = repository.tokenEnvKey();
        if (key != null && !key.isBlank()) {
            token = ctx.server().envVars(ctx.userId()).get(key.strip());
            if (token == null || token.isBlank()) {
                throw new StageFailure(new RunOutcome.NotStarted("The repository's token variable " + key.strip()
                        + " is not set: add a secret named " + key.strip() + " under Settings → Secrets, or clear"
                        + " git_token_env_key for a public repository"));
            }
        }
        String what = repository.url().replaceFirst("^https://", "");
        try {
            // The base snapshot runs in a sandbox that holds the workspace's host uid (as root): a sandbox started
            // while it runs shares that uid's hand-over, done before the clone existed, and would find the clone
            // still the runner's ("dubious ownership" to its git). It also makes the base the same every time: the
            // workspace as it was before the clone, never half of a race.
            PrepareWorkspaceStage.awaitBaseSnapshot(ctx);
            ctx.reporter().report(null, step("Cloning " + what), 0);
            // A later run of the session finds the repository there, with the agent's work, and clones nothing.
            cloner.clone(ctx.workspace(), repository.url(), repository.branch(), token,
                    line -> ctx.reporter().report(null, step("Cloning " + what + ": " + line), 0));
            ctx.reporter().report(null, step(null), 0);
        } catch (WorkspaceException e) {
            throw new StageFailure(new RunOutcome.NotStarted(String.valueOf(e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageFailure(new RunOutcome.NotStarted("Interrupted before cloning " + what), e);
        }
    }

    private static AgentState step(@Nullable String currentStep) {
        return new AgentState(List.of(), List.of(), null, null, currentStep);
    }
}
