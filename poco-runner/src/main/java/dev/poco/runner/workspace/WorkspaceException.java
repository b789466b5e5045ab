package dev.poco.runner.workspace;

/**
 * A workspace could not be prepared, snapshotted or staged. The message names the directory and the cause (for git,
 * the tail of its stderr) so that an operator or user can act on it.
 */
public class WorkspaceException extends RuntimeException {

    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
