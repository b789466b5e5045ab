package dev.poco.runner.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * Resource limits for one sandbox. Every value is enforced by the driver, or, where the host cannot enforce it (the
 * process limit for a root-mapped sandbox without a cgroup pids controller), the driver says so once at startup.
 *
 * @param wallClockTimeout the command is stopped and marked {@link SandboxStatus#TIMED_OUT} after this long
 * @param maxProcesses processes and threads the sandbox may have at once (cgroup pids.max, v2 or v1; RLIMIT_NPROC
 *     too, which the kernel does not apply to root). Hitting it stops the sandbox with
 *     {@link SandboxEndReason#PROCESS_LIMIT}
 * @param maxFileSizeBytes largest file the sandbox may write (RLIMIT_FSIZE; the writer gets SIGXFSZ)
 * @param maxOpenFiles open file descriptors per process (RLIMIT_NOFILE)
 * @param memoryBytes memory of the whole sandbox (cgroup v2 memory.max or v1 memory.limit_in_bytes, no swap; without
 *     a memory cgroup, a watchdog summing the resident memory of the sandbox's processes). An OOM kill inside stops
 *     the sandbox with {@link SandboxEndReason#MEMORY_LIMIT}. Never an address-space limit, because the CLI is a Bun
 *     binary that reserves far more virtual memory than it uses
 * @param diskBytes size of the workspace directory, measured by a watchdog; past it the sandbox is stopped with
 *     {@link SandboxEndReason#DISK_LIMIT} and the workspace is kept. {@link Long#MAX_VALUE} (the default) measures
 *     nothing
 */
public record SandboxLimits(
        Duration wallClockTimeout, int maxProcesses, long maxFileSizeBytes, int maxOpenFiles, long memoryBytes,
        long diskBytes) {

    /** One hour, 1024 processes, 4 GiB files, 4096 open files, 4 GiB memory, workspace size not measured. */
    public static final SandboxLimits DEFAULTS =
            new SandboxLimits(Duration.ofHours(1), 1024, 4L << 30, 4096, 4L << 30, Long.MAX_VALUE);

    public SandboxLimits {
        Objects.requireNonNull(wallClockTimeout, "wallClockTimeout");
        if (wallClockTimeout.isNegative() || wallClockTimeout.isZero()) {
            throw new IllegalArgumentException("wallClockTimeout must be positive: " + wallClockTimeout);
        }
        requirePositive("maxProcesses", maxProcesses);
        requirePositive("maxFileSizeBytes", maxFileSizeBytes);
        requirePositive("maxOpenFiles", maxOpenFiles);
        requirePositive("memoryBytes", memoryBytes);
        requirePositive("diskBytes", diskBytes);
    }

    public SandboxLimits withWallClockTimeout(Duration timeout) {
        return new SandboxLimits(timeout, maxProcesses, maxFileSizeBytes, maxOpenFiles, memoryBytes, diskBytes);
    }

    public SandboxLimits withMaxProcesses(int processes) {
        return new SandboxLimits(wallClockTimeout, processes, maxFileSizeBytes, maxOpenFiles, memoryBytes, diskBytes);
    }

    public SandboxLimits withMaxFileSizeBytes(long bytes) {
        return new SandboxLimits(wallClockTimeout, maxProcesses, bytes, maxOpenFiles, memoryBytes, diskBytes);
    }

    public SandboxLimits withMaxOpenFiles(int files) {
        return new SandboxLimits(wallClockTimeout, maxProcesses, maxFileSizeBytes, files, memoryBytes, diskBytes);
    }

    public SandboxLimits withMemoryBytes(long bytes) {
        return new SandboxLimits(wallClockTimeout, maxProcesses, maxFileSizeBytes, maxOpenFiles, bytes, diskBytes);
    }

    public SandboxLimits withDiskBytes(long bytes) {
        return new SandboxLimits(wallClockTimeout, maxProcesses, maxFileSizeBytes, maxOpenFiles, memoryBytes, bytes);
    }

    /** Whether the workspace is measured at all. */
    public boolean diskLimited() {
        return diskBytes != Long.MAX_VALUE;
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
