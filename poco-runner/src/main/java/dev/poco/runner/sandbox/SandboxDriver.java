package dev.poco.runner.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts commands in isolated sandboxes. One driver instance serves many concurrent sandboxes; every method is
 * thread-safe. Implementations map their native states onto {@link SandboxStatus} in one place, and callers never
 * depend on which implementation they have.
 */
public interface SandboxDriver extends AutoCloseable {

    /** Short technology name for logs and configuration, for example {@code bubblewrap}. */
    String name();

    /** How commands in this driver's sandboxes reach the model gateway. */
    GatewayEndpointKind gatewayEndpointKind();

    /**
     * For a {@link GatewayEndpointKind#TCP} driver: the address the runner's model gateway and egress gate listen on,
     * which is also the address its sandboxes connect to. Loopback (the default) where the sandboxes share the
     * runner's network; the runner pod's address where they are pods.
     */
    default String gatewayHost() {
        return "127.0.0.1";
    }

    /**
     * Starts {@code spec.command()} in a new sandbox and returns as soon as the process exists; it does not wait for
     * the command to do anything. The wall-clock timeout of {@link SandboxSpec#limits()} starts now and is enforced
     * by the driver on its own thread.
     *
     * @throws SandboxStartException if this sandbox cannot start (bad directories, id already in use)
     * @throws SandboxUnavailableException if no sandbox can start on this machine
     */
    SandboxHandle start(SandboxSpec spec);

    /**
     * The handle of a sandbox started by this driver and not yet closed, running or ended. Never blocks.
     */
    Optional<SandboxHandle> find(String sandboxId);

    /** State of the sandbox, {@link SandboxStatus#MISSING} if this driver has no such sandbox. Never blocks. */
    default SandboxStatus status(String sandboxId) {
        return find(sandboxId).map(SandboxHandle::status).orElse(SandboxStatus.MISSING);
    }

    /**
     * Same as {@link SandboxHandle#stop(Duration)} on the sandbox with this id; a no-op if there is none. Blocks for
     * at most {@code grace} plus a few seconds.
     */
    default void stop(String sandboxId, Duration grace) {
        find(sandboxId).ifPresent(handle -> handle.stop(grace));
    }

    /**
     * Says that the host directory {@code from}, which holds the workspace or home of running sandboxes, was renamed
     * to {@code to} on the same filesystem. The sandboxes' mounts follow the inode and keep working; what the driver
     * keeps by path (the workspace's host uid lease, the disk watchdog, the ownership taken back at the end) follows
     * too, so later sandboxes of the new path share the running ones' uid. Drivers that keep nothing by path do
     * nothing (the default).
     */
    default void moved(Path from, Path to) {}

    /**
     * Stops every sandbox still running (short grace), closes all handles and releases the driver's threads.
     * Blocks until done; idempotent. Starting a sandbox afterwards fails.
     */
    @Override
    void close();
}
