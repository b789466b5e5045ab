package dev.poco.runner.sandbox;

/**
 * Lifecycle state of a sandbox as seen by the runner. Each driver maps its native states onto these values in one
 * method.
 */
public enum SandboxStatus {
    /** Created but the command is not running yet (for example an image is being pulled). */
    STARTING,
    /** The command is running. */
    RUNNING,
    /** The command ended on its own; {@link SandboxHandle#exitCode()} holds its status. */
    EXITED,
    /**
     * The command was ended by {@link SandboxHandle#stop} or {@link SandboxDriver#stop}, or by the driver because it
     * hit a limit ({@link SandboxHandle#endReason()} says which).
     */
    KILLED,
    /** The command was ended because it ran past {@link SandboxLimits#wallClockTimeout()}. */
    TIMED_OUT,
    /** The driver knows no sandbox with this id (never started, or already closed). */
    MISSING;

    /** Whether the sandbox can no longer run anything. */
    public boolean isTerminal() {
        return this == EXITED || this == KILLED || this == TIMED_OUT || this == MISSING;
    }
}
