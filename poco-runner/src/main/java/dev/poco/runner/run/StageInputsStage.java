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
            // As for a clone (see CloneRepositoryStage): files written while the base snapshot's sandbox holds the
            // workspace's host uid would stay the runner's, and the agent could not change or remove them.
            PrepareWorkspaceStage.awaitBaseSnapshot(ctx);
            ctx.stagedInputs(workspaces.stageInputs(ctx.workspace(), files, ctx.server()::attachment));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RunOutcomes.couldNotPrepareTheWorkspace(new IllegalStateException("interrupted", e));
        } catch (RuntimeException e) {
            throw RunOutcomes.couldNotPrepareTheWorkspace(e);
        }
    }
}
