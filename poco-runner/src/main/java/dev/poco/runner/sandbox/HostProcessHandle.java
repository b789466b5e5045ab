package dev.poco.runner.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every handle whose sandbox hangs below one host {@link Process} shares: the process's pipes as the sandbox's
 * streams, the end future, the exit status, the wall-clock timer and how those become a {@link SandboxStatus}.
 * Subclasses complete {@link #ended} once the sandbox is over and its host resources are released, and decide how to
 * stop.
 */
abstract class HostProcessHandle implements SandboxHandle {

    private static final Logger log = LoggerFactory.getLogger(HostProcessHandle.class);

    protected final String id;
    protected final Process process;
    /** Completed (never exceptionally) once the sandbox has ended and its host resources are released. */
    protected final CompletableFuture<SandboxHandle> ended = new CompletableFuture<>();
    protected volatile boolean stopRequested;
    protected volatile boolean timedOut;
    private volatile @Nullable Future<?> timeoutTask;
    private volatile @Nullable Function<Duration, Future<?>> wallClock;

    HostProcessHandle(String id, Process process) {
        this.id = id;
        this.process = process;
    }

    /**
     * Arms the wall-clock timer with {@code schedule} (the driver's timer, firing the handle's timeout after the given
     * time) and keeps it for {@link #restartWallClock}.
     */
    final void wallClock(Function<Duration, Future<?>> schedule, Duration timeout) {
        this.wallClock = schedule;
        timeoutTask(schedule.apply(timeout));
    }

    @Override
    public final void restartWallClock(Duration timeout) {
        Function<Duration, Future<?>> schedule = wallClock;
        if (schedule == null) {
            throw new UnsupportedOperationException("sandbox " + id + " has no wall-clock timer");
        }
        cancelTimeout();
        if (process.isAlive() && !timedOut) {
            timeoutTask(schedule.apply(timeout));
        }
    }

    /** Arms the wall-clock timer; cancelled when the sandbox ends first. */
    private void timeoutTask(Future<?> task) {
        this.timeoutTask = task;
        if (ended.isDone()) {
            task.cancel(false); // the command ended before the timer was armed
        }
    }

    /** Cancels the wall-clock timer; call when the process has exited. */
    protected final void cancelTimeout() {
        Future<?> task = timeoutTask;
        if (task != null) {
            task.cancel(false);
        }
    }

    /**
     * Start of {@link #stop}: whether anything still runs, and if so records that a stop was asked for (unless the
     * wall-clock limit is what stops it).
     */
    protected final boolean beginStop() {
        if (!process.isAlive()) {
            return false;
        }
        if (!timedOut) {
            stopRequested = true;
        }
        return true;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final OutputStream stdin() {
        return process.getOutputStream();
    }

    @Override
    public final InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public final InputStream stderr() {
        return process.getErrorStream();
    }

    @Override
    public final CompletableFuture<Integer> exit() {
        return ended.thenApply(handle -> process.exitValue());
    }

    @Override
    public final SandboxStatus status() {
        return toStatus(process.isAlive(), timedOut, stopRequested);
    }

    /** The one place where a host process's state (alive or not, why it ended) becomes a status. */
    static SandboxStatus toStatus(boolean launcherAlive, boolean timedOut, boolean stopRequested) {
        if (launcherAlive) {
            return SandboxStatus.RUNNING;
        }
        if (timedOut) {
            return SandboxStatus.TIMED_OUT;
        }
        return stopRequested ? SandboxStatus.KILLED : SandboxStatus.EXITED;
    }

    @Override
    public final boolean waitFor(Duration timeout) throws InterruptedException {
        try {
            ended.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("exit future never fails", e);
        }
    }

    @Override
    public final CompletableFuture<SandboxHandle> onExit() {
        return ended.copy();
    }

    @Override
    public final OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    @Override
    public final boolean timedOut() {
        return timedOut;
    }

    /** Closes the three pipes; after the sandbox has ended. */
    protected final void closePipes() {
        closeQuietly(process.getOutputStream());
        closeQuietly(process.getInputStream());
        closeQuietly(process.getErrorStream());
    }

    private static void closeQuietly(Closeable stream) {
        try {
            stream.close();
        } catch (IOException e) {
            log.trace("closing a sandbox pipe failed", e);
        }
    }
}
