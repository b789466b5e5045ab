package dev.poco.runner.run;

import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.workspace.WorkspaceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the agent's sandbox is gone (or, for a live agent kept for the next run, its turn is over:
 * the CLI waits on stdin, and processes the agent left in the background are its business as
 * they were before live agents), commits and tags the workspace as the run's result ({@code
 * poco/run/<run>/result}, labelled with the outcome) — on every outcome, once the workspace was
 * prepared and its inputs staged. Comes before the gateway and sandbox stages in the pipeline so
 * that it finishes after them, and after the report stage so the server hears of the end only
 * when the snapshot is in place. Then exports the workspace through the server into its storage
 * (changed files, manifest, archive), so the workspace API serves this run's files from any host
 * and before the session's next run can touch them.
 */
final class ExportWorkspaceStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(ExportWorkspaceStage.class);

    private final WorkspaceManager workspaces;
    private final WorkspaceExporter exporter;

    ExportWorkspaceStage(WorkspaceManager workspaces, WorkspaceExporter exporter) {
        this.workspaces = workspaces;
        this.exporter = exporter;
    }

    @Override
    public void run(RunContext ctx) {
        // Nothing yet: the snapshot is taken when the run is over.
    }

    @Override
    public void finish(RunContext ctx) {
        try {
            PrepareWorkspaceStage.awaitBaseSnapshot(ctx); // normally long done; a failed one fails this too
            ctx.resultCommit(workspaces.snapshotResult(ctx.workspace(), ctx.runId(), ctx.outcomeLabel(),
                    ctx.deferredBase()));
        } catch (RuntimeException e) {
            log.warn("Result snapshot of run {} failed: {}", ctx.runId(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Result snapshot of run {} interrupted", ctx.runId());
        }
        // never throws: a failed export is reported to the server (status "failed") and logged
        exporter.export(ctx.sessionId(), ctx.runId(), ctx.workspace());
    }
}
