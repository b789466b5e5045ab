package dev.poco.runner.run;

import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.runner.claude.ClaudeCommand;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.gateway.ModelGateway;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.workspace.SessionWorkspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Claude Code in the run's sandbox: the session workspace at {@code /workspace}, the CLI
 * and the gateway's socket bound read-only (or its TCP port and run key, as the driver needs), the runner's limits plus the run's
 * wall-clock limit. The sandbox is stopped when the run is over.
 */
final class StartSandboxStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(StartSandboxStage.class);

    private final SandboxDriver sandboxes;

    StartSandboxStage(SandboxDriver sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public void run(RunContext ctx) {
        try {
            ctx.sandbox(sandboxes.start(sandboxSpec(ctx, ctx.capabilities().applyTo(command(ctx.spec(),
                    ctx.settings(), ctx.permissionRules())))));
        } catch (RuntimeException e) {
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, e), e);
        }
    }

    @Override
    public void finish(RunContext ctx) {
        SandboxHandle handle = ctx.sandboxOrNull();
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                log.warn("Closing the sandbox of run {} failed: {}", ctx.runId(), e.getMessage());
            }
        }
    }

    static ClaudeCommand command(RunSpec spec, RunnerSettings settings) {
        return command(spec, settings, PermissionRules.NONE);
    }

    /**
     * The CLI's command line: the run's permission mode, its model or the runner's default, the session to resume,
     * and the user's permission rules as {@code --settings} (the CLI enforces deny and asks for ask rules itself).
     */
    static ClaudeCommand command(RunSpec spec, RunnerSettings settings, PermissionRules rules) {
        ClaudeCommand command = baseCommand(spec, settings);
        return rules.isEmpty() ? command : command.withSettings(rules.asSettings());
    }

    private static ClaudeCommand baseCommand(RunSpec spec, RunnerSettings settings) {
        String model = spec.model() != null ? spec.model() : settings.defaultModel();
        return ClaudeCommand.of(ClaudeCommand.SANDBOX_BINARY)
                .withPermissionMode(spec.permissionMode())
                .withModel(model == null || model.isBlank() ? null : model)
                .withResume(spec.resume() == null ? null : spec.resume().sdkSessionId());
    }

    private static SandboxSpec sandboxSpec(RunContext ctx, ClaudeCommand command) {
        RunnerSettings settings = ctx.settings();
        SessionWorkspace ws = ctx.workspace();
        ModelGateway gateway = ctx.gateway();
        SandboxSpec.Builder spec = SandboxSpec.builder("run-" + ctx.runId())
                .workspace(ws.workspace())
                .home(ws.home())
                .readOnlyBind(settings.claudeBinary(), ClaudeCommand.SANDBOX_BINARY);
        if (gateway.endpoint() instanceof GatewayEndpoint.Unix) {
            spec.readOnlyBind(gateway.runDirectory(), ModelGateway.SANDBOX_DIR);
        }
        return ctx.capabilities().bindInto(spec).env(ClaudeCommand.recommendedEnvironment())
                .env(gateway.sandboxEnvironment())
                .command(command.argv())
                .limits(settings.limits().withWallClockTimeout(settings.runTimeout()))
                .build();
    }
}
