package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup(s) of one sandbox, v2 or v1: the launcher writes its pid into every {@link #procsFiles()} before bwrap
 * starts, and the watchdog reads the kernel's event counters to learn whether a limit was hit.
 */
interface CgroupGroup {

    /** {@code cgroup.procs} files the launcher enters, in order. */
    List<Path> procsFiles();

    /** Whether this group limits processes (pids controller), memory (memory controller). */
    boolean limitsProcesses();

    boolean limitsMemory();

    /** The kernel refused a fork because pids.max was reached ({@code pids.events} "max" above zero). */
    boolean processLimitHit();

    /** The OOM killer killed a process of the group. */
    boolean memoryLimitHit();

    /** Removes the group(s); the kernel refuses while processes are still leaving, so this retries briefly. */
    void remove();

    /** The number after {@code key} in a flat-keyed cgroup file ({@code "max 3"}), empty if absent or unreadable. */
    static OptionalLong counter(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equals(key)) {
                    return OptionalLong.of(Long.parseLong(parts[1]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the group is gone or the file has another shape: nothing known
        }
        return OptionalLong.empty();
    }

    /** Removes one cgroup directory, retrying while its last processes are leaving. */
    static void removeDir(Path dir) {
        Logger log = LoggerFactory.getLogger(CgroupGroup.class);
        // The kernel refuses (EBUSY) until the group's last processes are reaped, usually within a few
        // milliseconds: retry soon, then back off, about 2 s in all. A fixed 50 ms step was most of a short
        // sandbox's start-to-released time.
        long pauseMillis = 1;
        for (int attempt = 0; attempt < 48; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (DirectoryNotEmptyException e) {
                log.debug("{} is a plain directory, not a cgroup; left in place", dir);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(pauseMillis);
                    pauseMillis = Math.min(pauseMillis * 2, 50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        log.warn("cgroup {} could not be removed", dir);
    }
}
