package dev.poco.runner.run;

import dev.poco.protocol.spec.Capabilities;
import dev.poco.runner.capabilities.CapabilityException;
import dev.poco.runner.capabilities.CapabilityResolver;
import dev.poco.runner.capabilities.CapabilityStager;
import dev.poco.runner.capabilities.ResolvedConfig;
import dev.poco.runner.capabilities.StagedCapabilities;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.server.ServerRetry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the run's skills, plugins, MCP servers, slash commands, subagents and CLAUDE.md through the server (for
 * the run's owner) and stages them into the session's {@code .claude_data/} and the run's private directory, as
 * poco's executor manager did before starting a container (reference poco-execution.md §1.5). Fills the run spec's
 * capabilities (names staged, fingerprint) and leaves the CLI arguments for {@link StartSandboxStage}. A missing
 * secret or a broken package fails the run with a message the user can act on; the run's private directory (the
 * MCP config file with substituted secrets) is deleted when the run is over.
 */
final class ResolveCapabilitiesStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(ResolveCapabilitiesStage.class);
    private static final ServerRetry DOWNLOAD_RETRY = ServerRetry.backoff(Duration.ofMillis(250),
            Duration.ofSeconds(4)).within(Duration.ofSeconds(30));

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        ServerClient server = ctx.server();
        Capabilities wanted = ctx.spec().capabilities();
        try {
            ResolvedConfig config = new CapabilityResolver(server).resolve(ctx.userId(), wanted);
            StagedCapabilities staged = CapabilityStager.stage(ctx.workspace(), ctx.runId(), config,
                    (kind, id) -> DOWNLOAD_RETRY.call(() -> open(server, ctx.userId(), kind, id)));
            ctx.capabilities(staged);
            ctx.spec(ctx.spec().withCapabilities(wanted.withResolved(
                    List.copyOf(config.slashCommands().keySet()), config.claudeMd(), config.envVarNames(),
                    staged.summary())));
            log.info("Run {} staged skills {}, plugins {}, MCP servers {}, subagents {}, {} slash commands",
                    ctx.runId(), staged.summary().skills(), staged.summary().plugins(),
                    staged.summary().mcpServers(), staged.summary().subagents(), config.slashCommands().size());
        } catch (CapabilityException e) {
            throw new StageFailure(new RunOutcome.NotStarted(String.valueOf(e.getMessage())), e);
        } catch (ServerException e) {
            throw new StageFailure(new RunOutcome.NotStarted("Could not resolve the run's skills, plugins and MCP"
                    + " servers: " + e.getMessage()), e);
        } catch (IOException e) {
            throw RunOutcomes.couldNotPrepareTheWorkspace(new IllegalStateException(
                    "cannot stage the run's capabilities: " + e.getMessage(), e));
        }
    }

    @Override
    public void finish(RunContext ctx) {
        try {
            CapabilityStager.deleteTree(CapabilityStager.privateDir(ctx.workspace(), ctx.runId()));
        } catch (IOException | RuntimeException e) {
            log.warn("Deleting the private files of run {} failed: {}", ctx.runId(), e.getMessage());
        }
    }

    private static InputStream open(ServerClient server, String userId, CapabilityStager.Kind kind, int id) {
        return switch (kind) {
            case SKILL -> server.skillPackage(userId, id);
            case PLUGIN -> server.pluginPackage(userId, id);
        };
    }
}
