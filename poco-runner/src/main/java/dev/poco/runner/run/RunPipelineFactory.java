package dev.poco.runner.run;

import dev.poco.protocol.ClaimedRun;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.admission.HostBudget;
import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.workspace.WorkspaceManager;
import java.util.List;

/**
 * The one place that lists a run's stages. Their order is the run's order; each stage finishes in
 * reverse, so a stage's place also says what is still open when it finishes (the result snapshot
 * is taken after the sandbox is gone, the server hears of the end after the snapshot). A new
 * feature — capabilities staging, a repository clone, a network policy — adds its stage here.
 */
public final class RunPipelineFactory {

    private final RunnerSettings settings;
    private final ServerClient server;
    private final List<RunStage> stages;

    public RunPipelineFactory(RunnerSettings settings, ServerClient server, SandboxDriver sandboxes,
            WorkspaceManager workspaces, WorkspaceExporter exporter, HostBudget budget) {
        this.settings = settings;
        this.server = server;
        this.stages = List.of(
                new StartRunStage(),
                new ReportStage(),
                new RequireCredentialsStage(),
                new KeepLeaseStage(),
                new PermissionRulesStage(),
                new PrepareWorkspaceStage(workspaces),
                new StageInputsStage(workspaces),
                new ResolveCapabilitiesStage(),
                new ExportWorkspaceStage(workspaces, exporter),
                new StartGatewayStage(sandboxes),
                new AdmitStage(budget),
                new StartSandboxStage(sandboxes),
                new DriveCliStage(workspaces));
    }

    public List<RunStage> stages() {
        return stages;
    }

    /** A run of {@code claim} through these stages; {@link RunExecution#execute()} runs it. */
    public RunExecution execution(ClaimedRun claim) {
        return new RunExecution(new RunContext(claim, settings, server), new RunPipeline(stages));
    }
}
