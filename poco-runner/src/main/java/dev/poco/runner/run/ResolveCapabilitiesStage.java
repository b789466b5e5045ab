package dev.poco.runner.run;

import dev.poco.protocol.spec.Capabilities;
import dev.poco.runner.capabilities.CapabilityException;
import dev.poco.runner.capabilities.CapabilityResolver;
import dev.poco.runner.capabilities.ResolvedConfig;
import dev.poco.runner.server.ResolveAnswers;
import dev.poco.runner.server.ServerException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the run's skills, plugins, MCP servers, slash commands, subagents and CLAUDE.md through the server (for
 * the run's owner), placeholders substituted, into {@link RunContext#resolvedConfig()}. It runs before {@link
 * LiveAgentStage}, which must know whether the run stages anything before it may hand the run a pooled or hot CLI
 * (those were started without this run's staging); {@link StageCapabilitiesStage} writes the files once the
 * workspace is there. A missing secret fails the run with a message the user can act on. The server's answers come
 * with the run's setup ({@link RunSetupCall}), which starts when the run does ({@link #prepare}), beside the stages
 * before this one; without it they are asked for one by one.
 */
final class ResolveCapabilitiesStage implements RunStage {

    @Override
    public void prepare(RunContext ctx) {
        RunSetupCall.start(ctx);
    }

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        Optional<ResolveAnswers.Setup> setup = RunSetupCall.await(ctx);
        try {
            ctx.resolvedConfig(resolve(ctx, setup.orElse(null)));
        } catch (CapabilityException e) {
            throw new StageFailure(new RunOutcome.NotStarted(String.valueOf(e.getMessage())), e);
        } catch (ServerException e) {
            throw new StageFailure(new RunOutcome.NotStarted("Could not resolve the run's skills, plugins and MCP"
                    + " servers: " + e.getMessage()), e);
        }
    }

    /** The claim's capabilities (no stage before this one changes them), resolved for the run's owner. */
    private static ResolvedConfig resolve(RunContext ctx, ResolveAnswers.@Nullable Setup setup)
            throws InterruptedException {
        CapabilityResolver resolver = new CapabilityResolver(ctx.server());
        Capabilities wanted = ctx.claim().spec().capabilities();
        return setup != null ? resolver.resolve(ctx.userId(), wanted, setup)
                : resolver.resolve(ctx.userId(), wanted);
    }
}
