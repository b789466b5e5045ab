package dev.poco.runner.run;

import dev.poco.runner.live.LiveAgent;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.WorkspaceManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Lays out the session workspace (created on the first run, reused after), tags its base
 * snapshot and points the agent's {@code ~/.claude} at the workspace's {@code .claude_data}
 * (poco's layout, so resume works). A failure here fails the run with {@code /fail}.
 *
 * <p>The git part (repository, base commit and tag, about 120 ms of sandboxed git) runs on its own
 * virtual thread while the later stages start the CLI (issue 12); {@link DriveCliStage} writes the
 * first user message only once it is done, so the base still comes before anything the agent does,
 * and a failure still fails the run with {@code /fail}. A run on a live agent runs no git here: its
 * workspace is the agent's, and the base tag is written with the result snapshot.
 */
final class PrepareWorkspaceStage implements RunStage {

    private final WorkspaceManager workspaces;

    PrepareWorkspaceStage(WorkspaceManager workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void run(RunContext ctx) {
        try {
            LiveAgent live = ctx.live();
            if (live != null) {
                ctx.workspace(live.workspace());
                return;
            }
            SessionWorkspace ws = workspaces.createRunDirectories(ctx.userId(), ctx.sessionId());
            linkClaudeData(ws);
            ctx.workspace(ws);
            CompletableFuture<Void> base = new CompletableFuture<>();
            Thread.ofVirtual().name("base-snapshot-" + ctx.runId()).start(() -> {
                try {
                    workspaces.snapshotRunBase(ws, ctx.runId());
                    base.complete(null);
                } catch (RuntimeException e) {
                    base.completeExceptionally(e);
                }
            });
            ctx.baseSnapshot(base);
        } catch (RuntimeException e) {
            throw RunOutcomes.couldNotPrepareTheWorkspace(e);
        }
    }

    /**
     * Waits for the run's base snapshot, if one is still running.
     *
     * @throws StageFailure (the workspace could not be prepared) if it failed
     */
    static void awaitBaseSnapshot(RunContext ctx) throws InterruptedException {
        CompletableFuture<Void> base = ctx.baseSnapshot();
        if (base == null) {
            return;
        }
        try {
            base.get();
        } catch (ExecutionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException(e.getCause());
            throw RunOutcomes.couldNotPrepareTheWorkspace(cause);
        }
    }

    static void linkClaudeData(SessionWorkspace ws) {
        Path link = ws.home().resolve(".claude");
        try {
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of(SandboxSpec.WORKSPACE, ".claude_data"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot link " + link + " to the session's .claude_data: " + e.getMessage(), e);
        }
    }
}
