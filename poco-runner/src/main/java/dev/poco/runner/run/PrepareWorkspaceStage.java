package dev.poco.runner.run;

import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.WorkspaceManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Lays out the session workspace (created on the first run, reused after), tags its base
 * snapshot and points the agent's {@code ~/.claude} at the workspace's {@code .claude_data}
 * (poco's layout, so resume works). A failure here fails the run with {@code /fail}.
 */
final class PrepareWorkspaceStage implements RunStage {

    private final WorkspaceManager workspaces;

    PrepareWorkspaceStage(WorkspaceManager workspaces) {
        this.workspaces = workspaces;
    }

    @Override
    public void run(RunContext ctx) {
        try {
            SessionWorkspace ws = workspaces.prepareRun(ctx.userId(), ctx.sessionId(), ctx.runId());
            linkClaudeData(ws);
            ctx.workspace(ws);
        } catch (RuntimeException e) {
            throw RunOutcomes.couldNotPrepareTheWorkspace(e);
        }
    }

    private static void linkClaudeData(SessionWorkspace ws) {
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
