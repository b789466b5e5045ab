package dev.poco.runner.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A command of the {@link UnsandboxedDriver}: a plain host process and its descendants. */
final class UnsandboxedHandle extends HostProcessHandle {

    private static final Logger log = LoggerFactory.getLogger(UnsandboxedHandle.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    private final Duration closeGrace;
    private final Runnable forget;

    UnsandboxedHandle(String id, Process process, Duration closeGrace, Runnable forget) {
        super(id, process);
        this.closeGrace = closeGrace;
        this.forget = forget;
        process.onExit().whenComplete((exited, error) -> {
            cancelTimeout();
            ended.complete(this);
        });
    }

    void onTimeout(Duration grace) {
        if (process.isAlive()) {
            timedOut = true;
            log.info("Unsandboxed command {} ran past its wall-clock limit; stopping it", id);
            Thread.ofVirtual().name("unsandboxed-timeout-" + id).start(() -> stop(grace));
        }
    }

    @Override
    public Optional<SandboxEndReason> endReason() {
        if (timedOut) {
            return Optional.of(SandboxEndReason.TIMEOUT);
        }
        if (process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(stopRequested ? SandboxEndReason.CANCELED : SandboxEndReason.EXITED);
    }

    /** Only the wall-clock limit exists here, and the driver's timer enforces it. */
    @Override
    public Optional<SandboxEndReason> enforceLimits() {
        return endReason().filter(reason -> reason.limit().isPresent());
    }

    @Override
    public void stop(Duration grace) {
        if (!beginStop()) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!awaitExit(grace)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            if (!awaitExit(KILL_WAIT)) {
                log.warn("Unsandboxed command {} (pid {}) did not die after SIGKILL", id, process.pid());
            }
        }
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    @Override
    public void close() {
        try {
            stop(closeGrace);
            if (!waitFor(KILL_WAIT)) {
                log.warn("Unsandboxed command {} still running after close", id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closePipes();
            forget.run();
        }
    }
}
