package dev.poco.runner.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits for one sandbox. Every value is enforced by the driver, or, where the host cannot enforce it
 * (memory without cgroup v2), the driver says so once in its log.
 *
 * @param wallClockTimeout the command is stopped and marked {@link SandboxStatus#TIMED_OUT} after this long
 * @param maxProcesses processes and threads the sandbox may have at once (RLIMIT_NPROC, and cgroup pids.max)
 * @param maxFileSizeBytes largest file the sandbox may write (RLIMIT_FSIZE; the writer gets SIGXFSZ)
 * @param maxOpenFiles open file descriptors per process (RLIMIT_NOFILE)
 * @param memoryBytes memory of the whole sandbox (cgroup v2 memory.max); never an address-space limit, because the
 *     CLI is a Bun binary that reserves far more virtual memory than it uses
 */
public record SandboxLimits(
        Duration wallClockTimeout, int maxProcesses, long maxFileSizeBytes, int maxOpenFiles, long memoryBytes) {

    /** One hour, 1024 processes, 4 GiB files, 4096 open files, 4 GiB memory. */
    public static final SandboxLimits DEFAULTS =
            new SandboxLimits(Duration.ofHours(1), 1024, 4L << 30, 4096, 4L << 30);

    public SandboxLimits {
        Objects.requireNonNull(wallClockTimeout, "wallClockTimeout");
        if (wallClockTimeout.isNegative() || wallClockTimeout.isZero()) {
            throw new IllegalArgumentException("wallClockTimeout must be positive: " + wallClockTimeout);
        }
        requirePositive("maxProcesses", maxProcesses);
        requirePositive("maxFileSizeBytes", maxFileSizeBytes);
        requirePositive("maxOpenFiles", maxOpenFiles);
        requirePositive("memoryBytes", memoryBytes);
    }

    public SandboxLimits withWallClockTimeout(Duration timeout) {
        return new SandboxLimits(timeout, maxProcesses, maxFileSizeBytes, maxOpenFiles, memoryBytes);
    }

    public SandboxLimits withMaxProcesses(int processes) {
        return new SandboxLimits(wallClockTimeout, processes, maxFileSizeBytes, maxOpenFiles, memoryBytes);
    }

    public SandboxLimits withMaxFileSizeBytes(long bytes) {
        return new SandboxLimits(wallClockTimeout, maxProcesses, bytes, maxOpenFiles, memoryBytes);
    }

    public SandboxLimits withMaxOpenFiles(int files) {
        return new SandboxLimits(wallClockTimeout, maxProcesses, maxFileSizeBytes, files, memoryBytes);
    }

    public SandboxLimits withMemoryBytes(long bytes) {
        return new SandboxLimits(wallClockTimeout, maxProcesses, maxFileSizeBytes, maxOpenFiles, bytes);
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
