package dev.poco.runner.sandbox;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Why a sandbox ended. A limit reason is known as soon as the driver decides to stop the sandbox for it, before the
 * processes are gone; the others once the sandbox has ended.
 */
public enum SandboxEndReason {
    /** The command ended on its own. */
    EXITED(null),
    /** Stopped through {@link SandboxHandle#stop} (cancel, shutdown). */
    CANCELED(null),
    /** Ran past {@link SandboxLimits#wallClockTimeout()}. */
    TIMEOUT(Limit.WALL_CLOCK),
    /** The kernel's OOM killer struck inside the sandbox, or its memory use passed the limit (watchdog). */
    MEMORY_LIMIT(Limit.MEMORY),
    /** A process could not be created because the sandbox had its maximum number of processes. */
    PROCESS_LIMIT(Limit.PROCESSES),
    /** The workspace grew past {@link SandboxLimits#diskBytes()}. */
    DISK_LIMIT(Limit.DISK);

    private final @Nullable Limit limit;

    SandboxEndReason(@Nullable Limit limit) {
        this.limit = limit;
    }

    /** The limit behind this reason, empty for {@link #EXITED} and {@link #CANCELED}. */
    public Optional<Limit> limit() {
        return Optional.ofNullable(limit);
    }

    /**
     * What to tell the user, e.g. {@code sandbox exceeded its memory limit of 512 MiB}; the process and disk messages
     * also name the setting that raises the limit.
     */
    public String describe(SandboxLimits limits) {
        return switch (this) {
            case EXITED -> "sandbox exited";
            case CANCELED -> "sandbox was stopped";
            case TIMEOUT -> "sandbox exceeded its wall-clock limit of " + limits.wallClockTimeout().toSeconds()
                    + " s (" + Limit.WALL_CLOCK.setting() + ")";
            case MEMORY_LIMIT -> "sandbox exceeded its memory limit of " + (limits.memoryBytes() >> 20) + " MiB";
            case PROCESS_LIMIT -> "sandbox exceeded its process limit of " + limits.maxProcesses() + " processes ("
                    + Limit.PROCESSES.setting() + ")";
            case DISK_LIMIT -> "sandbox exceeded its workspace disk limit of " + (limits.diskBytes() >> 20) + " MiB ("
                    + Limit.DISK.setting() + "); the workspace up to then is kept";
        };
    }
}
