package dev.poco.runner.run;

import dev.poco.runner.workspace.WorkspaceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the agent's sandbox is gone, commits and tags the workspace as the run's result ({@code
 * poco/run/<run>/result}, labelled with the outcome) — on every outcome, once the workspace was
 * prepared and its inputs staged. Comes before the gateway and sandbox stages in the pipeline so
 * that it finishes after them, and after the report stage so the server hears of the end only
 * when the snapshot is in place. The workspace export to the server's storage belongs here too.
 */
final class ExportWorkspaceStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(ExportWorkspaceStage.class);

    private final WorkspaceManager workspaces;

    ExportWorkspaceStage(WorkspaceManager workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void run(RunContext ctx) {
        // Nothing yet: the snapshot is taken when the run is over.
    }

    @Override
    public void finish(RunContext ctx) {
        try {
            workspaces.snapshotResult(ctx.workspace(), ctx.runId(), ctx.outcomeLabel());
        } catch (RuntimeException e) {
            log.warn("Result snapshot of run {} failed: {}", ctx.runId(), e.getMessage());
        }
    }
}
