package dev.poco.runner.run;

import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.folders.HostGit;
import dev.poco.protocol.folders.Worktrees;
import dev.poco.protocol.spec.Capabilities;
import dev.poco.protocol.spec.Memory;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.admission.HostBudget;
import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.live.LiveAgents;
import dev.poco.runner.live.LiveSettings;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.workspace.RepositoryCloner;
import dev.poco.runner.workspace.WorkspaceManager;
import java.util.List;

/**
 * The one place that lists a run's stages. Their order is the run's order; each stage finishes in
 * reverse, so a stage's place also says what is still open when it finishes (the result snapshot
 * is taken after the sandbox is gone, the server hears of the end after the snapshot, a live agent
 * is parked after the snapshot and before the server hears of the end). A new
 * feature — capabilities staging, a repository clone, a network policy — adds its stage here.
 */
public final class RunPipelineFactory {

    private final RunnerSettings settings;
    private final ServerClient server;
    private final List<RunStage> stages;

    public RunPipelineFactory(RunnerSettings settings, ServerClient server, SandboxDriver sandboxes,
            WorkspaceManager workspaces, WorkspaceExporter exporter, HostBudget budget) {
        this(settings, server, sandboxes, workspaces, exporter, budget, LiveAgents.off());
    }

    /** @param agents the runner's live agents: its warm pool and hot sessions (issue 12) */
    public RunPipelineFactory(RunnerSettings settings, ServerClient server, SandboxDriver sandboxes,
            WorkspaceManager workspaces, WorkspaceExporter exporter, HostBudget budget, LiveAgents agents) {
        this.settings = settings;
        this.server = server;
        this.stages = List.of(
                new StartRunStage(),
                new ReportStage(),
                new RequireCredentialsStage(),
                new KeepLeaseStage(),
                new PermissionRulesStage(),
                new ResolveCapabilitiesStage(),
                new LiveAgentStage(agents, workspaces),
                new PrepareWorkspaceStage(workspaces, exporter.states()),
                new CloneRepositoryStage(new RepositoryCloner("git", settings.githubUrl())),
                new LocalFoldersStage(new Worktrees(new HostGit("git"))),
                new StageInputsStage(workspaces),
                new StageCapabilitiesStage(),
                new ExportWorkspaceStage(workspaces, exporter),
                new StartGatewayStage(sandboxes),
                new StartEgressStage(sandboxes),
                new AdmitStage(budget),
                new StartSandboxStage(sandboxes),
                new DriveCliStage(workspaces, agents));
    }

    /**
     * A task created with the defaults as the Poco server sends it: its config snapshot lists no skills, plugins, MCP
     * servers or subagents ({@code "subagent_ids": []}, where a missing list would mean the user's enabled ones), and
     * the claim gives it the memory tools (a user's memory is on until they turn it off).
     */
    private static final RunSpec DEFAULT_TASK = RunSpec.of("").withCapabilities(new Capabilities(List.of(), List.of(),
            List.of(), List.of(), List.of(), null, List.of(), null)).withMemory(Memory.ENABLED);

    /**
     * The launcher of a warm pool serving, until the first new session retargets it, runs with the runner's defaults
     * (no capabilities, network, repository or browser; default model and permission mode) of the single user of a
     * one-user server, so that the first task after a start is warm there too.
     */
    public static LiveAgents.Launcher warmLauncher(RunnerSettings settings, LiveSettings live,
            SandboxDriver sandboxes, WorkspaceManager workspaces) {
        return warmLauncher(settings, live, sandboxes, workspaces, DEFAULT_TASK, ClaimedRun.SINGLE_USER);
    }

    /** The launcher of a warm pool serving runs configured like {@code template} of {@code owner}. */
    public static LiveAgents.Launcher warmLauncher(RunnerSettings settings, LiveSettings live,
            SandboxDriver sandboxes, WorkspaceManager workspaces, RunSpec template, String owner) {
        return new WarmAgentLauncher(settings, live, sandboxes, workspaces, template, owner);
    }

    public List<RunStage> stages() {
        return stages;
    }

    /** A run of {@code claim} through these stages; {@link RunExecution#execute()} runs it. */
    public RunExecution execution(ClaimedRun claim) {
        return new RunExecution(new RunContext(claim, settings, server), new RunPipeline(stages));
    }
}
