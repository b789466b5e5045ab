package dev.poco.runner.run;

import dev.poco.runner.export.WorkspaceStates;
import dev.poco.runner.live.LiveAgent;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.WorkspaceManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>A follow-up whose session ran on another runner since this one last had it (or never ran here) first gets the
 * session's workspace from the server ({@link WorkspaceStates}, issue 18), so it sees the files and its transcript.
 */
final class PrepareWorkspaceStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(PrepareWorkspaceStage.class);

    /**
     * The most file bytes a restored workspace may unpack to: a guard against filling the disk. The server takes
     * states up to twice {@code POCO_WORKSPACES_EXPORT_MAX_MB} packed (1 GiB by default).
     */
    static final long MAX_RESTORED_BYTES = 8L << 30;

    private final WorkspaceManager workspaces;
    private final @Nullable WorkspaceStates states;

    /** Without moving sessions between runners (tests of one runner). */
    PrepareWorkspaceStage(WorkspaceManager workspaces) {
        this(workspaces, null);
    }

    PrepareWorkspaceStage(WorkspaceManager workspaces, @Nullable WorkspaceStates states) {
        this.workspaces = workspaces;
        this.states = states;
    }

    @Override
    public void run(RunContext ctx) {
        try {
            LiveAgent live = ctx.live();
            if (live != null) {
                ctx.workspace(live.workspace());
                return;
            }
            UUID previous = ctx.claim().previousRunId();
            if (states != null && previous != null) {
                SessionWorkspace layout = workspaces.layout(ctx.userId(), ctx.sessionId());
                WorkspaceStates.Restored restored = states.restore(ctx.sessionId(), layout, previous,
                        MAX_RESTORED_BYTES);
                if (restored == WorkspaceStates.Restored.NONE && ctx.spec().resume() != null
                        && !Files.isDirectory(layout.claudeData(), LinkOption.NOFOLLOW_LINKS)) {
                    // --resume of a transcript that is nowhere would fail the run; the files are gone as well
                    log.warn("Run {} starts a new conversation: session {} ran on another runner, which kept no"
                            + " workspace state (see POCO_WORKSPACES_KEEP_STATE)", ctx.runId(), ctx.sessionId());
                    ctx.spec(ctx.spec().withResume(null));
                }
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
