package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Checks one sandbox against its limits: the kernel's cgroup event counters (a fork refused at pids.max, an OOM kill),
 * the number of its tasks (a fork refused by RLIMIT_NPROC leaves no counter behind, so a sandbox found at its process
 * limit counts as having hit it), the resident memory of its processes when no memory cgroup limits it, and the size
 * of its workspace. Pure reading; the handle decides what to do with a hit.
 */
final class LimitWatchdog {

    /** The workspace is walked at most every this many checks (walking is the expensive part). */
    static final int DISK_EVERY = 2;
    /** ... and never more than a tenth of the time, so a workspace with many files does not keep a core busy. */
    private static final int DISK_DUTY_DIVISOR = 10;

    private final SandboxLimits limits;
    private final @Nullable CgroupGroup group;
    private final Supplier<Path> workspace;
    private final long diskIntervalNanos;
    private volatile long nextWalkNanos;

    /** @param interval time between two periodic checks */
    LimitWatchdog(SandboxLimits limits, @Nullable CgroupGroup group, Supplier<Path> workspace, Duration interval) {
        this.limits = limits;
        this.group = group;
        this.workspace = workspace;
        this.diskIntervalNanos = interval.multipliedBy(DISK_EVERY).toNanos();
        this.nextWalkNanos = System.nanoTime() + diskIntervalNanos;
    }

    /** Whether a periodic check should measure the workspace now. */
    boolean diskDue() {
        return limits.diskLimited() && System.nanoTime() - nextWalkNanos >= 0;
    }

    /** The first limit found exceeded, if any; the workspace is measured only when {@code measureDisk}. */
    Optional<SandboxEndReason> check(ProcessHandle launcher, boolean measureDisk) {
        Optional<SandboxEndReason> hit = group != null && group.limitsProcesses() && group.limitsMemory()
                ? countedByCgroup(group) : counted(launcher);
        if (hit.isPresent()) {
            return hit;
        }
        if (measureDisk && limits.diskLimited()) {
            long started = System.nanoTime();
            long bytes = workspaceBytes(workspace.get(), limits.diskBytes());
            long took = System.nanoTime() - started;
            nextWalkNanos = System.nanoTime() + Math.max(diskIntervalNanos, took * DISK_DUTY_DIVISOR);
            if (bytes > limits.diskBytes()) {
                return Optional.of(SandboxEndReason.DISK_LIMIT);
            }
        }
        return Optional.empty();
    }

    /**
     * Where the sandbox's cgroup enforces both limits, its counters say whether one was hit: walking the sandbox's
     * processes would cost a scan of every process on the host ({@link ProcessHandle#descendants()}), a tenth of a
     * core with a hundred live sandboxes checked every second.
     */
    private static Optional<SandboxEndReason> countedByCgroup(CgroupGroup group) {
        if (group.processLimitHit()) {
            return Optional.of(SandboxEndReason.PROCESS_LIMIT);
        }
        return group.memoryLimitHit() ? Optional.of(SandboxEndReason.MEMORY_LIMIT) : Optional.empty();
    }

    private Optional<SandboxEndReason> counted(ProcessHandle launcher) {
        Usage usage = usage(launcher);
        // A sandbox with as many tasks as its limit cannot create one more: treated as hitting it, whichever of
        // pids.max and RLIMIT_NPROC refused (the launcher and bwrap's init count here, which errs towards the limit).
        if ((group != null && group.processLimitHit()) || usage.tasks() >= limits.maxProcesses()) {
            return Optional.of(SandboxEndReason.PROCESS_LIMIT);
        }
        if (group != null && group.limitsMemory()) {
            if (group.memoryLimitHit()) {
                return Optional.of(SandboxEndReason.MEMORY_LIMIT);
            }
        } else if (usage.residentBytes() > limits.memoryBytes()) {
            return Optional.of(SandboxEndReason.MEMORY_LIMIT);
        }
        return Optional.empty();
    }

    /** Tasks (threads, as pids.max and RLIMIT_NPROC count them) and resident memory of a sandbox. */
    record Usage(long tasks, long residentBytes) {
    }

    /** Sums VmRSS and Threads of the launcher and every process below it (the whole sandbox), from /proc. */
    static Usage usage(ProcessHandle launcher) {
        long tasks = 0;
        long resident = 0;
        for (ProcessHandle process : Stream.concat(Stream.of(launcher), launcher.descendants()).toList()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        resident += Long.parseLong(line.substring(6).trim().split("\\s+")[0]) << 10; // kB
                    } else if (line.startsWith("Threads:")) {
                        tasks += Long.parseLong(line.substring(8).trim());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // exited meanwhile
            }
        }
        return new Usage(tasks, resident);
    }

    /**
     * Apparent size of the files below {@code dir}, not following links, stopping once past {@code stopAbove}.
     * Entries that vanish or cannot be read while the sandbox works are skipped.
     */
    static long workspaceBytes(Path dir, long stopAbove) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return total[0] > stopAbove ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the workspace itself is unreadable: nothing measured
        }
        return total[0];
    }
}
