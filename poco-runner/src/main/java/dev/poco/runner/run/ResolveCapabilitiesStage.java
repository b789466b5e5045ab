package dev.poco.runner.run;

import dev.poco.runner.capabilities.CapabilityException;
import dev.poco.runner.capabilities.CapabilityResolver;
import dev.poco.runner.capabilities.ResolvedConfig;
import dev.poco.runner.server.ServerException;

/**
 * Resolves the run's skills, plugins, MCP servers, slash commands, subagents and CLAUDE.md through the server (for
 * the run's owner), placeholders substituted, into {@link RunContext#resolvedConfig()}. It runs before {@link
 * LiveAgentStage}, which must know whether the run stages anything before it may hand the run a pooled or hot CLI
 * (those were started without this run's staging); {@link StageCapabilitiesStage} writes the files once the
 * workspace is there. A missing secret fails the run with a message the user can act on. The resolution starts when
 * the run does ({@link #prepare}), beside the stages before this one.
 */
final class ResolveCapabilitiesStage implements RunStage {

    private static final RunContext.BackgroundKey<ResolvedConfig> RESOLVED =
            new RunContext.BackgroundKey<>("capabilities");

    @Override
    public void prepare(RunContext ctx) {
        ctx.background(RESOLVED, () -> resolve(ctx));
    }

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        try {
            ctx.resolvedConfig(ctx.awaitBackground(RESOLVED, () -> resolve(ctx)));
        } catch (CapabilityException e) {
            throw new StageFailure(new RunOutcome.NotStarted(String.valueOf(e.getMessage())), e);
        } catch (ServerException e) {
            throw new StageFailure(new RunOutcome.NotStarted("Could not resolve the run's skills, plugins and MCP"
                    + " servers: " + e.getMessage()), e);
        }
    }

    /** The claim's capabilities (no stage before this one changes them), resolved for the run's owner. */
    private static ResolvedConfig resolve(RunContext ctx) throws InterruptedException {
        return new CapabilityResolver(ctx.server()).resolve(ctx.userId(), ctx.claim().spec().capabilities());
    }
}
