package dev.poco.runner.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host directory made writable inside the sandbox besides the workspace and home, for example a session's git
 * worktree of a read-write local folder at {@code /mnt/<name>}. Like the workspace, it belongs to the sandbox's host
 * uid while its sandboxes run (when the runner is root) and goes back to the runner afterwards.
 *
 * @param hostPath absolute path of a directory on the host (not a link); must exist when the sandbox starts
 * @param sandboxPath absolute, normalized path inside the sandbox; parent directories are created
 */
public record WritableBind(Path hostPath, String sandboxPath) {

    public WritableBind {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(sandboxPath, "sandboxPath");
        if (!hostPath.isAbsolute()) {
            throw new IllegalArgumentException("host path must be absolute: " + hostPath);
        }
        SandboxSpec.requireSandboxPath(sandboxPath);
    }
}
