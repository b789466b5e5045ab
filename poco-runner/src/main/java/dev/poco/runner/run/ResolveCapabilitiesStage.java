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
 * workspace is there. A missing secret fails the run with a message the user can act on.
 */
final class ResolveCapabilitiesStage implements RunStage {

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        try {
            ResolvedConfig config = new CapabilityResolver(ctx.server()).resolve(ctx.userId(),
                    ctx.spec().capabilities());
            ctx.resolvedConfig(config);
        } catch (CapabilityException e) {
            throw new StageFailure(new RunOutcome.NotStarted(String.valueOf(e.getMessage())), e);
        } catch (ServerException e) {
            throw new StageFailure(new RunOutcome.NotStarted("Could not resolve the run's skills, plugins and MCP"
                    + " servers: " + e.getMessage()), e);
        }
    }
}
