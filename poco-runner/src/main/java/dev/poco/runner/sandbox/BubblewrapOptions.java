package dev.poco.runner.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Settings of {@link BubblewrapSandboxDriver}. Start from {@link #defaults()} and change what you need.
 *
 * @param bwrapPath the bwrap executable; {@code null} searches {@code PATH}
 * @param stateDir host directory for generated per-sandbox files ({@code /etc/passwd}, {@code /etc/group}); created
 *     with mode 0711 and must belong to the runner's user
 * @param hostUids when the runner runs as root: the host uids sandboxes run as, one per workspace in use (see {@link
 *     HostUidRange}); the workspace and home directories are handed to that uid (recursive chown, mode 0700) while
 *     its sandboxes run. Without it the sandbox's uid would map to host root. Ignored when the runner is not root:
 *     sandboxes then run as the runner's own uid.
 * @param cgroupRoot a cgroup v2 directory the runner may manage (the unified root or a delegated subtree); the
 *     driver creates {@code poco-sandboxes/<id>} below it for memory.max and pids.max. {@code null} means {@code
 *     /sys/fs/cgroup}. Without a usable cgroup v2 hierarchy memory is not limited (logged once).
 * @param timeoutGrace grace between SIGTERM and SIGKILL when the wall-clock timeout fires, and in {@code close()}
 */
public record BubblewrapOptions(
        @Nullable Path bwrapPath,
        Path stateDir,
        HostUidRange hostUids,
        @Nullable Path cgroupRoot,
        Duration timeoutGrace) {

    public BubblewrapOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(hostUids, "hostUids");
        Objects.requireNonNull(timeoutGrace, "timeoutGrace");
        if (timeoutGrace.isNegative()) {
            throw new IllegalArgumentException("timeoutGrace must not be negative");
        }
    }

    /** bwrap from PATH, state under {@code java.io.tmpdir}, uids 61000-61999, cgroup at /sys/fs/cgroup, 2 s grace. */
    public static BubblewrapOptions defaults() {
        return new BubblewrapOptions(null, Path.of(System.getProperty("java.io.tmpdir"), "poco-sandbox"),
                HostUidRange.DEFAULT, null,
                Duration.ofSeconds(2));
    }

    public BubblewrapOptions withBwrapPath(@Nullable Path path) {
        return new BubblewrapOptions(path, stateDir, hostUids, cgroupRoot, timeoutGrace);
    }

    public BubblewrapOptions withStateDir(Path dir) {
        return new BubblewrapOptions(bwrapPath, dir, hostUids, cgroupRoot, timeoutGrace);
    }

    public BubblewrapOptions withHostUids(HostUidRange uids) {
        return new BubblewrapOptions(bwrapPath, stateDir, uids, cgroupRoot, timeoutGrace);
    }

    public BubblewrapOptions withCgroupRoot(@Nullable Path root) {
        return new BubblewrapOptions(bwrapPath, stateDir, hostUids, root, timeoutGrace);
    }

    public BubblewrapOptions withTimeoutGrace(Duration grace) {
        return new BubblewrapOptions(bwrapPath, stateDir, hostUids, cgroupRoot, grace);
    }
}
