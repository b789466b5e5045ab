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
 * @param hostUser when the runner runs as root: the unprivileged host user that owns the sandboxed processes. Root
 *     itself is exempt from RLIMIT_NPROC, so without this (or cgroup v2) the process limit is not enforced, and a
 *     sandbox escape would land as root. With it, the workspace and home directories are handed to that user
 *     (recursive chown) and every bind source must be reachable by it. {@code null} runs bwrap as the runner's user.
 * @param cgroupRoot a cgroup v2 directory the runner may manage (the unified root or a delegated subtree); the
 *     driver creates {@code poco-sandboxes/<id>} below it for memory.max and pids.max. {@code null} means {@code
 *     /sys/fs/cgroup}. Without a usable cgroup v2 hierarchy memory is not limited (logged once).
 * @param timeoutGrace grace between SIGTERM and SIGKILL when the wall-clock timeout fires, and in {@code close()}
 */
public record BubblewrapOptions(
        @Nullable Path bwrapPath,
        Path stateDir,
        @Nullable HostUser hostUser,
        @Nullable Path cgroupRoot,
        Duration timeoutGrace) {

    /** A host uid/gid pair. */
    public record HostUser(int uid, int gid) {
        public HostUser {
            if (uid <= 0 || gid <= 0) {
                throw new IllegalArgumentException("host user must be unprivileged: " + uid + ":" + gid);
            }
        }
    }

    public BubblewrapOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(timeoutGrace, "timeoutGrace");
        if (timeoutGrace.isNegative()) {
            throw new IllegalArgumentException("timeoutGrace must not be negative");
        }
    }

    /** bwrap from PATH, state under {@code java.io.tmpdir}, runner's own user, cgroup at /sys/fs/cgroup, 2 s grace. */
    public static BubblewrapOptions defaults() {
        return new BubblewrapOptions(null, Path.of(System.getProperty("java.io.tmpdir"), "poco-sandbox"), null, null,
                Duration.ofSeconds(2));
    }

    public BubblewrapOptions withBwrapPath(@Nullable Path path) {
        return new BubblewrapOptions(path, stateDir, hostUser, cgroupRoot, timeoutGrace);
    }

    public BubblewrapOptions withStateDir(Path dir) {
        return new BubblewrapOptions(bwrapPath, dir, hostUser, cgroupRoot, timeoutGrace);
    }

    public BubblewrapOptions withHostUser(@Nullable HostUser user) {
        return new BubblewrapOptions(bwrapPath, stateDir, user, cgroupRoot, timeoutGrace);
    }

    public BubblewrapOptions withCgroupRoot(@Nullable Path root) {
        return new BubblewrapOptions(bwrapPath, stateDir, hostUser, root, timeoutGrace);
    }

    public BubblewrapOptions withTimeoutGrace(Duration grace) {
        return new BubblewrapOptions(bwrapPath, stateDir, hostUser, cgroupRoot, grace);
    }
}
