package dev.poco.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bwrap sandbox. The host process tree is: launcher (outer bwrap, the {@link Process}) → bwrap's init, pid 1 of the
 * sandbox's pid namespace → the command and its children. Killing pid 1 makes the kernel kill everything else in the
 * namespace, and nothing inside can leave it, so the tree below the launcher is the whole sandbox.
 *
 * <p>While it runs, a virtual thread asks the {@link LimitWatchdog} every interval whether a limit was hit, and once
 * more when the launcher has exited; a hit records the reason ({@link #endReason()}) and stops the sandbox.
 */
final class BubblewrapSandboxHandle extends HostProcessHandle {

    private static final Logger log = LoggerFactory.getLogger(BubblewrapSandboxHandle.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final String BACKGROUND_NICE = "19";
    private static final Duration AUTOGROUP_WAIT = Duration.ofMillis(500);
    private static final Duration AUTOGROUP_POLL = Duration.ofMillis(10);

    private final Runnable forget;
    private final Duration closeGrace;
    private final SandboxLimits limits;
    private final LimitWatchdog watchdog;
    private final AtomicReference<@Nullable SandboxEndReason> limitHit = new AtomicReference<>();

    /**
     * @param releaseResources deletes generated files and the cgroup; runs once, after the launcher has exited
     * @param forget removes the handle from the driver's registry; runs in {@link #close()}
     * @param watchdogInterval time between two limit checks
     */
    BubblewrapSandboxHandle(String id, Process process, Duration closeGrace, Runnable releaseResources,
            Runnable forget, SandboxLimits limits, LimitWatchdog watchdog, Duration watchdogInterval) {
        super(id, process);
        this.closeGrace = closeGrace;
        this.forget = forget;
        this.limits = limits;
        this.watchdog = watchdog;
        // Off the JDK's process-reaper thread: removing a cgroup may wait for the kernel to let go of it.
        process.onExit().whenCompleteAsync((ignored, error) -> {
            cancelTimeout();
            try {
                if (!timedOut && !stopRequested) {
                    // Once more at the end, while the cgroup still exists: an OOM kill may be what ended it.
                    watchdog.check(process.toHandle(), true).ifPresent(this::recordLimitHit);
                }
                releaseResources.run();
            } catch (RuntimeException e) {
                log.warn("Sandbox {}: releasing host resources failed", id, e);
            } finally {
                ended.complete(this);
            }
        }, command -> Thread.ofVirtual().name("sandbox-exit-" + id).start(command));
        Thread.ofVirtual().name("sandbox-limits-" + id).start(() -> watch(watchdogInterval));
    }

    /** Checks the limits every interval until the sandbox has ended; the workspace when the watchdog says so. */
    private void watch(Duration interval) {
        try {
            while (!waitFor(interval)) {
                if (process.isAlive() && limitHit.get() == null && !stopRequested && !timedOut) {
                    watchdog.check(process.toHandle(), watchdog.diskDue()).ifPresent(this::onLimitHit);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Sandbox {}: limit watchdog failed", id, e);
        }
    }

    private boolean recordLimitHit(SandboxEndReason reason) {
        boolean first = limitHit.compareAndSet(null, reason);
        if (first) {
            log.info("Sandbox {}: {}", id, reason.describe(limits));
        }
        return first;
    }

    /** A limit was hit while the sandbox runs: remember why and stop it. */
    private void onLimitHit(SandboxEndReason reason) {
        if (recordLimitHit(reason)) {
            Thread.ofVirtual().name("sandbox-limit-" + id).start(() -> stop(closeGrace));
        }
    }

    @Override
    public Optional<SandboxEndReason> endReason() {
        SandboxEndReason hit = limitHit.get();
        if (hit != null) {
            return Optional.of(hit);
        }
        if (timedOut) {
            return Optional.of(SandboxEndReason.TIMEOUT); // decided, possibly still stopping
        }
        if (process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(stopRequested ? SandboxEndReason.CANCELED : SandboxEndReason.EXITED);
    }

    @Override
    public Optional<SandboxEndReason> enforceLimits() {
        try {
            if (process.isAlive()) {
                if (limitHit.get() == null && !stopRequested && !timedOut) {
                    watchdog.check(process.toHandle(), true).ifPresent(this::onLimitHit);
                }
            } else {
                waitFor(KILL_WAIT); // the final check runs when the launcher's exit is processed
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return endReason().filter(reason -> reason.limit().isPresent());
    }

    /** Called by the driver's timer when the wall-clock limit is reached. */
    void onTimeout(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        timedOut = true;
        log.info("Sandbox {} ran past its wall-clock limit; stopping it", id);
        Thread.ofVirtual().name("sandbox-timeout-" + id).start(() -> stop(grace));
    }

    /**
     * Sets the nice value of the sandbox's autogroup: bwrap's {@code --new-session} makes the sandbox a session, the
     * scheduler's unit of fairness where autogroups are on (most Linux desktops and servers), so one write weighs the
     * whole sandbox against the host's other sessions, the runs' sandboxes among them. Nice 19 gives it about 1/70 of
     * a core that others want; going back to 0 needs no privilege. Where autogroups are off, this changes nothing.
     */
    @Override
    public void background(boolean background) {
        String nice = background ? BACKGROUND_NICE : "0";
        long deadline = System.nanoTime() + AUTOGROUP_WAIT.toNanos();
        try {
            while (process.isAlive()) {
                // the inner bwrap's init, which makes the new session; right after the start it may not have yet,
                // and every process of the sandbox is then still in the runner's own autogroup
                Optional<ProcessHandle> init = process.toHandle().descendants()
                        .filter(child -> leadsSession(child.pid())).findFirst();
                if (init.isPresent()) {
                    try {
                        Files.writeString(Path.of("/proc", Long.toString(init.get().pid()), "autogroup"), nice);
                        return;
                    } catch (IOException e) {
                        // EAGAIN: without CAP_SYS_ADMIN the kernel takes one autogroup change per 100 ms host-wide
                        if (!String.valueOf(e.getMessage()).contains("Resource temporarily unavailable")
                                || System.nanoTime() > deadline) {
                            log.debug("Sandbox {}: cannot set its autogroup's nice to {}: {}", id, nice, e.toString());
                            return;
                        }
                    }
                } else if (System.nanoTime() > deadline) {
                    return;
                }
                Thread.sleep(AUTOGROUP_POLL);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@code pid} is the leader of its session (its session id, field 6 of its stat, is its pid). */
    private static boolean leadsSession(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields.length > 3 && fields[3].equals(Long.toString(pid)); // state, ppid, pgrp, session
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The launcher (outer bwrap) on the host; for this package's tests, which look at the host process tree. */
    Process launcher() {
        return process;
    }

    @Override
    public void stop(Duration grace) {
        if (!beginStop()) {
            return;
        }
        // SIGTERM to the command and its children, rescanning during the grace period because a sandbox stopped
        // right after start may not have spawned its command yet. bwrap's init is spared: pid 1 of a namespace
        // ignores signals it has no handler for, and SIGTERM to the launcher would kill everything at once through
        // --die-with-parent.
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + grace.toNanos();
        do {
            Optional<ProcessHandle> init = process.children().findFirst();
            process.descendants().forEach(p -> {
                if (seen.add(p) && !init.equals(Optional.of(p))) {
                    p.destroy();
                }
            });
        } while (!awaitLauncher(Duration.ofNanos(Math.min(POLL.toNanos(), Math.max(0, deadline - System.nanoTime()))))
                && System.nanoTime() < deadline);
        if (process.isAlive()) {
            // SIGKILL pid 1 first: the kernel then kills the whole namespace, and the launcher, still alive, reaps
            // its child and exits with 137. Killing the launcher first would leave bwrap's init to the host's pid 1.
            process.children().forEach(ProcessHandle::destroyForcibly);
            if (!awaitLauncher(Duration.ofSeconds(2))) {
                process.descendants().forEach(p -> {
                    seen.add(p);
                    p.destroyForcibly();
                });
                process.destroyForcibly();
                awaitLauncher(KILL_WAIT);
            }
        }
        awaitGone(seen);
    }

    private boolean awaitLauncher(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Waits until none of {@code tree} runs any more. */
    private void awaitGone(Set<ProcessHandle> tree) {
        long deadline = System.nanoTime() + KILL_WAIT.toNanos();
        for (ProcessHandle p : tree) {
            while (running(p) && System.nanoTime() < deadline) {
                p.destroyForcibly();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (running(p)) {
                log.warn("Sandbox {}: process {} still alive after stop", id, p.pid());
            }
        }
    }

    /**
     * Alive and not a zombie. When bwrap's launcher exits, the sandbox's dead processes are re-parented to the
     * host's pid 1, and some inits (this project's CI VMs) reap them only after a second or two; a zombie runs
     * nothing and holds nothing but its pid, so it does not count.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            int endOfName = stat.lastIndexOf(')');
            return endOfName < 0 || endOfName + 2 >= stat.length() || stat.charAt(endOfName + 2) != 'Z';
        } catch (IOException e) {
            return false; // gone between the two checks
        }
    }

    @Override
    public void close() {
        try {
            stop(closeGrace);
            if (!waitFor(KILL_WAIT)) {
                log.warn("Sandbox {}: host resources not released within {}", id, KILL_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closePipes();
            forget.run();
        }
    }
}
