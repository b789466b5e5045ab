package dev.poco.runner.sandbox;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * One started sandbox. All methods are thread-safe; {@link #stop} may be called from any thread while another thread
 * reads the process's output.
 *
 * <p>The handle is stream-based, so a driver may run the command anywhere (a host process, a container, a pod): the
 * caller owns {@link #stdin()}, {@link #stdout()} and {@link #stderr()} of the sandboxed command. It must drain stdout
 * and stderr (or the command blocks once a pipe buffer is full) and may write lines to stdin.
 */
public interface SandboxHandle extends AutoCloseable {

    /** The id from the {@link SandboxSpec}. */
    String id();

    /** The command's standard input; closing it sends EOF. Not thread-safe: one writer at a time. */
    OutputStream stdin();

    /** The command's standard output; end of stream once the command and every process holding it have ended. */
    InputStream stdout();

    /** The command's standard error, like {@link #stdout()}. */
    InputStream stderr();

    /**
     * Completes (never exceptionally) with the exit status ({@link #exitCode()}) once the sandbox has ended and its
     * host resources are released.
     */
    CompletableFuture<Integer> exit();

    /** Current state; never blocks and never returns {@link SandboxStatus#MISSING}. */
    SandboxStatus status();

    /**
     * Blocks until the sandbox has ended and its host resources are released, or the timeout elapses.
     *
     * @return {@code true} if it ended within the timeout
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    boolean waitFor(Duration timeout) throws InterruptedException;

    /** Completes (never exceptionally) once the sandbox has ended and its host resources are released. */
    CompletableFuture<SandboxHandle> onExit();

    /** Exit status of the launcher (the command's status, or 128+signal), empty while running. */
    OptionalInt exitCode();

    /** Whether the driver stopped the sandbox because its wall-clock timeout elapsed. */
    boolean timedOut();

    /**
     * Why the sandbox ended: a limit ({@link SandboxEndReason#MEMORY_LIMIT}, {@code PROCESS_LIMIT}, {@code
     * DISK_LIMIT}, {@code TIMEOUT}) as soon as the driver decided to stop it for that limit, otherwise {@code
     * CANCELED} or {@code EXITED} once it has ended; empty while it runs within its limits.
     */
    Optional<SandboxEndReason> endReason();

    /**
     * Checks every limit now, as the driver's watchdog does periodically (the workspace size included), and stops
     * the sandbox if one is exceeded. Call it when the command's work is done but the sandbox still runs (a limit hit
     * in the last second would otherwise go unseen), or when the command died (waits briefly for the final check).
     *
     * @return the limit that ended or is ending the sandbox, if any
     */
    Optional<SandboxEndReason> enforceLimits();

    /**
     * Ends the sandbox: SIGTERM to every process of the sandboxed command, then, once {@code grace} has passed,
     * SIGKILL to whatever is left. Blocks until no process of the sandbox is alive (at most {@code grace} plus a few
     * seconds). Idempotent; a no-op once the sandbox has ended. Status becomes {@link SandboxStatus#KILLED} unless
     * the sandbox had already timed out or exited.
     */
    void stop(Duration grace);

    /**
     * Starts the wall-clock limit again, from now: a sandbox kept between runs (a live agent) gets each run's own
     * limit. A no-op once the sandbox has ended or timed out.
     *
     * @throws UnsupportedOperationException if this driver's sandboxes cannot re-arm their limit
     */
    default void restartWallClock(Duration timeout) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restart its wall-clock limit");
    }

    /**
     * Puts everything in the sandbox behind the host's other work for CPU ({@code true}), or back level with it
     * ({@code false}): for work nobody waits for yet, such as a warm pool's CLI starting, which should not slow the
     * runs that users wait for. Best effort: a no-op where the driver or the host cannot.
     */
    default void background(boolean background) {}

    /**
     * Stops the sandbox if it still runs (short grace), waits for it, releases every host resource (cgroup, generated
     * files) and forgets the id: afterwards {@link SandboxDriver#find} returns empty and {@link SandboxDriver#status}
     * returns {@link SandboxStatus#MISSING}. Closes the process pipes. Idempotent; never throws.
     */
    @Override
    void close();
}
