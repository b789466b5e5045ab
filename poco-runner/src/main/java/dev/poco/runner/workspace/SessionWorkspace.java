package dev.poco.runner.workspace;

import dev.poco.protocol.WorkspaceLayout;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Host paths of one session's workspace, shared by every run of the session (poco's layout).
 *
 * @param sessionDir {@code <root>/<user>/<session>}, see {@link WorkspaceLayout#sessionDir}; never mounted into a
 *     sandbox, so the agent cannot replace the entries below it
 * @param workspace {@code sessionDir/workspace}, mounted read-write at {@code /workspace}; a git repository
 * @param claudeData {@code workspace/.claude_data}, bound by the runner as the agent's {@code ~/.claude}; excluded
 *     from snapshots
 * @param home {@code sessionDir/home}, the agent's {@code HOME} (and git's, when the runner runs git)
 * @param inputs {@code workspace/inputs}, staged attachments; excluded from snapshots
 */
public record SessionWorkspace(Path sessionDir, Path workspace, Path claudeData, Path home, Path inputs) {

    /** Name of the agent home directory inside the session directory. */
    public static final String HOME_DIR = "home";

    public SessionWorkspace {
        Objects.requireNonNull(sessionDir, "sessionDir");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(claudeData, "claudeData");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(inputs, "inputs");
    }

    /** The layout of {@code sessionId} of {@code userId} under {@code root}; touches no file. */
    public static SessionWorkspace of(Path root, String userId, UUID sessionId) {
        return at(WorkspaceLayout.sessionDir(root.toAbsolutePath().normalize(), userId, sessionId));
    }

    /** The same layout below any session directory (a pooled workspace's, before a session adopts it). */
    public static SessionWorkspace at(Path sessionDir) {
        Path workspace = sessionDir.resolve(WorkspaceLayout.WORKSPACE_DIR);
        return new SessionWorkspace(sessionDir, workspace, workspace.resolve(WorkspaceLayout.CLAUDE_DATA_DIR),
                sessionDir.resolve(HOME_DIR), workspace.resolve(WorkspaceLayout.INPUTS_DIR));
    }
}
