package dev.poco.runner.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Hands out host uids of a {@link HostUidRange}: one per workspace in use, shared by every sandbox of that workspace
 * (the agent and the git snapshots of its session), so two sessions never share a uid while both run.
 *
 * <p>A uid is held through an exclusive lock on {@code <lockDir>/<uid>.lock}; the kernel drops it when the process
 * dies, so several runners (or drivers) on one host never hand out the same uid and a crash leaks nothing. The
 * search starts at a slot derived from the workspace path, so a workspace mostly gets the same uid again and
 * handing it over finds its files already owned. Thread-safe.
 */
final class HostUidPool {

    private final HostUidRange range;
    private final Path lockDir;
    private final Map<Path, Lease> leases = new HashMap<>();

    HostUidPool(HostUidRange range, Path lockDir) {
        this.range = range;
        this.lockDir = lockDir;
        try {
            Files.createDirectories(lockDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            if (Files.isSymbolicLink(lockDir) || !Files.isDirectory(lockDir, LinkOption.NOFOLLOW_LINKS)) {
                throw new SandboxUnavailableException("sandbox uid lock directory " + lockDir + " is not a directory");
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot create the sandbox uid lock directory " + lockDir + ": " + e,
                    e);
        }
    }

    /**
     * The lease of {@code workspace}'s uid: the existing one when a sandbox of that workspace runs, else a free uid.
     *
     * @throws SandboxStartException naming {@link HostUidRange#VARIABLE} when every uid of the range is in use
     */
    synchronized Lease acquire(String sandboxId, Path workspace) throws IOException {
        Lease lease = leases.get(workspace);
        if (lease != null) {
            lease.holders++;
            return lease;
        }
        int start = Math.floorMod(workspace.hashCode(), range.size());
        for (int i = 0; i < range.size(); i++) {
            int uid = range.first() + (start + i) % range.size();
            FileLock lock = tryLock(uid);
            if (lock != null) {
                lease = new Lease(workspace, uid, lock);
                leases.put(workspace, lease);
                return lease;
            }
        }
        throw new SandboxStartException(sandboxId, "all " + range.size() + " host uids of " + HostUidRange.VARIABLE
                + "=" + range + " are in use; widen the range or lower the number of concurrent runs");
    }

    private @Nullable FileLock tryLock(int uid) throws IOException {
        FileChannel channel = FileChannel.open(lockDir.resolve(uid + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held by another pool of this JVM
        }
        channel.close();
        return null;
    }

    /**
     * Re-keys the leases of workspaces at or below {@code from} to the same place below {@code to}: the directory was
     * renamed while its sandboxes run (a pooled workspace becoming a session's), and later sandboxes of the new path
     * must share their uid.
     */
    synchronized void moved(Path from, Path to) {
        for (Map.Entry<Path, Lease> entry : List.copyOf(leases.entrySet())) {
            Path workspace = entry.getKey();
            if (workspace.startsWith(from)) {
                Lease lease = entry.getValue();
                leases.remove(workspace);
                Path now = to.resolve(from.relativize(workspace));
                lease.workspace = now;
                leases.put(now, lease);
            }
        }
    }

    /** One workspace's uid while at least one of its sandboxes runs. */
    final class Lease {
        private Path workspace; // guarded by the pool
        private final int uid;
        private final FileLock lock;
        private int holders = 1; // guarded by the pool
        private volatile boolean handedOver; // written under this
        private final java.util.Set<Path> extras = new java.util.LinkedHashSet<>(); // guarded by this

        private Lease(Path workspace, int uid, FileLock lock) {
            this.workspace = workspace;
            this.uid = uid;
            this.lock = lock;
        }

        int uid() {
            return uid;
        }

        /**
         * Runs {@code handOver} once per lease, before the first sandbox of the workspace starts; later holders wait
         * for it. It runs while no sandbox of this workspace exists, so nothing can swap files under it.
         */
        synchronized void handOverOnce(HandOver handOver) throws IOException {
            if (!handedOver) {
                handOver.run(uid);
                handedOver = true;
            }
        }

        /**
         * Runs {@code handOver} once per lease for a directory only some sandboxes of the workspace bind (a local
         * folder's worktree): a git snapshot of the workspace may hold the lease before the agent's sandbox joins it.
         * No sandbox binding {@code dir} runs yet when it is first handed over.
         */
        synchronized void handOverExtra(Path dir, HandOver handOver) throws IOException {
            if (!extras.contains(dir)) {
                handOver.run(uid);
                extras.add(dir);
            }
        }

        /** The directories {@link #handOverExtra} handed over, for the last holder's revoke. */
        synchronized List<Path> extras() {
            return List.copyOf(extras);
        }

        /** Drops one holder; the last one runs {@code revoke} and frees the uid. */
        void release(HandOver revoke) {
            synchronized (HostUidPool.this) {
                if (--holders > 0) {
                    return;
                }
                leases.remove(workspace);
                try {
                    if (handedOver) {
                        revoke.run(uid);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot take " + workspace + " back from host uid " + uid, e);
                } finally {
                    try {
                        lock.channel().close();
                    } catch (IOException e) {
                        // closing a lock file cannot lose data
                    }
                }
            }
        }
    }

    @FunctionalInterface
    interface HandOver {
        void run(int uid) throws IOException;
    }
}
