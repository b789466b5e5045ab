package dev.poco.runner.run;

import dev.poco.protocol.spec.InputFile;
import dev.poco.runner.workspace.WorkspaceManager;
import java.util.List;

/**
 * Downloads the run's attachments into {@code inputs/} through the server; links are only listed
 * for the agent (the sandbox has no network). A failure fails the run with {@code /fail}.
 */
final class StageInputsStage implements RunStage {

    private final WorkspaceManager workspaces;

    StageInputsStage(WorkspaceManager workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void run(RunContext ctx) {
        List<InputFile> files = ctx.spec().inputFiles();
        if (files.isEmpty()) {
            return;
        }
        try {
            ctx.stagedInputs(workspaces.stageInputs(ctx.workspace(), files, ctx.server()::attachment));
        } catch (RuntimeException e) {
            throw RunOutcomes.couldNotPrepareTheWorkspace(e);
        }
    }
}
