package dev.poco.runner.sandbox.kubernetes;

import dev.poco.runner.sandbox.SandboxEndReason;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxLimits;
import dev.poco.runner.sandbox.SandboxStatus;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecListener;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sandbox pod of the {@link KubernetesSandboxDriver}. Its state follows the pod as the driver's informer sees it
 * ({@link #observe}, {@link #deleted}) and maps it onto {@link SandboxStatus} in {@link #observe}; the streams are
 * pipes that the pod's attach feeds once the container runs.
 */
final class KubernetesSandboxHandle implements SandboxHandle {

    private static final Logger log = LoggerFactory.getLogger(KubernetesSandboxHandle.class);
    private static final int PIPE_BYTES = 1 << 20;
    /** Exit status reported for a pod deleted before its container reported one: killed by SIGKILL. */
    static final int KILLED_STATUS = 128 + 9;
    private static final Duration DELETE_WAIT = Duration.ofSeconds(15);
    /** What the container's shell waits for before it starts the command ({@link KubernetesSandboxDriver#command}). */
    private static final byte[] GO_LINE = {'\n'};

    private final String id;
    private final String podName;
    private final KubernetesSandboxDriver driver;
    private final SandboxLimits limits;
    private final Duration closeGrace;
    private final BytePipe stdin = new BytePipe(PIPE_BYTES);
    private final BytePipe stdout = new BytePipe(PIPE_BYTES);
    private final BytePipe stderr = new BytePipe(PIPE_BYTES);
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final CompletableFuture<SandboxHandle> ended = new CompletableFuture<>();
    /** Completes true once the container runs, false if the pod ended first. */
    private final CompletableFuture<Boolean> running = new CompletableFuture<>();
    private final Object lock = new Object();
    private volatile SandboxStatus status = SandboxStatus.STARTING;
    private volatile @Nullable SandboxEndReason limitReason;
    private volatile boolean timedOut;
    private volatile boolean stopRequested;
    private volatile @Nullable Integer exitCode;
    private volatile @Nullable ExecWatch attach;
    private @Nullable ScheduledFuture<?> wallClock;
    private boolean closed;

    KubernetesSandboxHandle(String id, String podName, KubernetesSandboxDriver driver, SandboxLimits limits,
            Duration closeGrace) {
        this.id = id;
        this.podName = podName;
        this.driver = driver;
        this.limits = limits;
        this.closeGrace = closeGrace;
        // First on stdin, ahead of anything the caller writes. (Not a SequenceInputStream: the client polls
        // available(), which would stay 0 at the seam between the two streams.)
        try {
            stdin.sink().write(GO_LINE);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a new pipe refused " + GO_LINE.length + " byte", e);
        }
    }

    String podName() {
        return podName;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public OutputStream stdin() {
        return stdin.sink();
    }

    @Override
    public InputStream stdout() {
        return stdout.source();
    }

    @Override
    public InputStream stderr() {
        return stderr.source();
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public SandboxStatus status() {
        return status;
    }

    @Override
    public boolean waitFor(Duration timeout) throws InterruptedException {
        try {
            ended.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public CompletableFuture<SandboxHandle> onExit() {
        return ended;
    }

    @Override
    public OptionalInt exitCode() {
        Integer code = exitCode;
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    @Override
    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public Optional<SandboxEndReason> endReason() {
        SandboxEndReason limit = limitReason;
        if (limit != null) {
            return Optional.of(limit);
        }
        if (!status.isTerminal()) {
            return Optional.empty();
        }
        return Optional.of(stopRequested ? SandboxEndReason.CANCELED : SandboxEndReason.EXITED);
    }

    /** The pod's own limits (memory, deadline) and the driver's wall clock; nothing to measure here. */
    @Override
    public Optional<SandboxEndReason> enforceLimits() {
        return Optional.ofNullable(limitReason);
    }

    /** Arms (or re-arms) the driver's wall-clock timer. */
    void wallClock(Duration timeout) {
        synchronized (lock) {
            if (wallClock != null) {
                wallClock.cancel(false);
            }
            wallClock = driver.timer().schedule(this::onTimeout, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void restartWallClock(Duration timeout) {
        if (status.isTerminal() || timedOut) {
            return;
        }
        wallClock(timeout);
    }

    private void onTimeout() {
        if (status.isTerminal()) {
            return;
        }
        timedOut = true;
        limitReason = SandboxEndReason.TIMEOUT;
        log.info("Sandbox {} (pod {}) ran past its wall-clock limit of {} s; deleting the pod", id, podName,
                limits.wallClockTimeout().toSeconds());
        Thread.ofVirtual().name("k8s-sandbox-timeout-" + id).start(() -> {
            driver.deletePod(podName, closeGrace);
            awaitEnd(closeGrace.plus(DELETE_WAIT));
        });
    }

    /** The pod as the informer sees it now. */
    void observe(Pod pod) {
        if (status.isTerminal()) {
            return;
        }
        PodStatus podStatus = pod.getStatus();
        if (podStatus == null) {
            return;
        }
        @Nullable ContainerStatus container = podStatus.getContainerStatuses() == null ? null
                : podStatus.getContainerStatuses().stream()
                        .filter(candidate -> KubernetesSandboxDriver.CONTAINER.equals(candidate.getName()))
                        .findFirst().orElse(null);
        @Nullable ContainerStateTerminated terminated = container == null || container.getState() == null ? null
                : container.getState().getTerminated();
        if ("DeadlineExceeded".equals(podStatus.getReason())) {
            timedOut = true;
            limitReason = SandboxEndReason.TIMEOUT;
        }
        if (terminated != null) {
            if ("OOMKilled".equals(terminated.getReason())) {
                limitReason = SandboxEndReason.MEMORY_LIMIT;
            }
            finish(terminated.getExitCode() == null ? KILLED_STATUS : terminated.getExitCode());
            return;
        }
        String phase = podStatus.getPhase();
        if ("Succeeded".equals(phase)) {
            finish(0);
        } else if ("Failed".equals(phase)) {
            finish(KILLED_STATUS);
        } else if (container != null && container.getState() != null && container.getState().getRunning() != null) {
            status = SandboxStatus.RUNNING;
            running.complete(true);
        }
    }

    /** The pod is gone (deleted by {@link #stop}, the wall clock, or someone else). */
    void deleted(Pod pod) {
        observe(pod);
        if (!status.isTerminal()) {
            stopRequested = true; // deleted by someone: stopped, not exited
        }
        finish(KILLED_STATUS);
    }

    /** Ends the sandbox with this exit status unless it has ended already; the first call wins. */
    private void finish(int code) {
        synchronized (lock) {
            if (status.isTerminal()) {
                return;
            }
            exitCode = code;
            if (timedOut) {
                status = SandboxStatus.TIMED_OUT;
            } else if (stopRequested || limitReason != null) {
                status = SandboxStatus.KILLED;
            } else {
                status = SandboxStatus.EXITED;
            }
            if (wallClock != null) {
                wallClock.cancel(false);
            }
        }
        running.complete(false);
        if (attach == null) {
            closeOutputs();
        }
        log.debug("Sandbox {} (pod {}) ended: {} with status {}", id, podName, status, code);
        exit.complete(code);
        ended.complete(this);
    }

    /** Attaches to the container's streams once it runs, on a virtual thread; never blocks the caller. */
    void attachWhenRunning() {
        running.thenAccept(runs -> {
            if (!runs) {
                return;
            }
            Thread.ofVirtual().name("k8s-sandbox-attach-" + id).start(this::attach);
        });
    }

    private void attach() {
        try {
            ExecWatch watch = driver.client().pods().inNamespace(driver.namespace()).withName(podName)
                    .inContainer(KubernetesSandboxDriver.CONTAINER)
                    .readingInput(stdin.source())
                    .writingOutput(stdout.sink())
                    .writingError(stderr.sink())
                    .usingListener(new ExecListener() {
                        @Override
                        public void onFailure(Throwable error, Response response) {
                            log.warn("Attach to sandbox pod {} failed: {}", podName, error.toString());
                            closeOutputs();
                        }

                        @Override
                        public void onClose(int code, String reason) {
                            closeOutputs();
                        }
                    })
                    .attach();
            attach = watch;
            if (status.isTerminal()) {
                closeOutputs();
            }
        } catch (KubernetesClientException e) {
            log.warn("Cannot attach to sandbox pod {}: {}", podName, e.getMessage());
            closeOutputs();
        }
    }

    private void closeOutputs() {
        stdout.closeWriter();
        stderr.closeWriter();
    }

    @Override
    public void stop(Duration grace) {
        if (status.isTerminal()) {
            return;
        }
        stopRequested = true;
        driver.deletePod(podName, grace);
        awaitEnd(grace.plus(DELETE_WAIT));
    }

    /** Waits for the informer to see the pod gone; past {@code timeout} the sandbox counts as killed anyway. */
    private void awaitEnd(Duration timeout) {
        try {
            if (!waitFor(timeout)) {
                log.warn("Sandbox pod {} not gone {} s after its deletion; counting it as killed", podName,
                        timeout.toSeconds());
                finish(KILLED_STATUS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            stop(closeGrace);
            driver.deletePod(podName, Duration.ZERO);
            driver.deletePolicy(podName);
        } finally {
            finish(KILLED_STATUS);
            @Nullable ExecWatch watch = attach;
            if (watch != null) {
                watch.close();
            }
            closeOutputs();
            stdin.closeReader();
            stdin.closeWriter();
            driver.forget(this);
        }
    }

    @Override
    public String toString() {
        return "sandbox " + id + " (pod " + podName + ")";
    }
}
