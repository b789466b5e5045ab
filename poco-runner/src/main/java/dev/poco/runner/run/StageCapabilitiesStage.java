package dev.poco.runner.run;

import dev.poco.protocol.spec.Capabilities;
import dev.poco.runner.capabilities.CapabilityException;
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
 * Stages what {@link ResolveCapabilitiesStage} resolved into the session's {@code .claude_data/} and the run's
 * private directory, as poco's executor manager did before starting a container (reference poco-execution.md §1.5),
 * and fills the run spec's capabilities (names staged, fingerprint); the CLI arguments are left for {@link
 * StartSandboxStage}. A broken package fails the run with a message the user can act on; the run's private directory
 * (the MCP config file with substituted secrets) is deleted when the run is over.
 */
final class StageCapabilitiesStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(StageCapabilitiesStage.class);
    private static final ServerRetry DOWNLOAD_RETRY = ServerRetry.backoff(Duration.ofMillis(250),
            Duration.ofSeconds(4)).within(Duration.ofSeconds(30));

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        ResolvedConfig config = ctx.resolvedConfig();
        if (config.stagesNothing() && ctx.live() != null) {
            return; // a pooled or hot CLI serves the run: there is nothing to stage, and its files are in place
        }
        ServerClient server = ctx.server();
        Capabilities wanted = ctx.spec().capabilities();
        try {
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
            throw new StageFailure(new RunOutcome.NotStarted("Could not download the run's skills and plugins: "
                    + e.getMessage()), e);
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
