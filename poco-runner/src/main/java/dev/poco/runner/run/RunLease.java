package dev.poco.runner.run;

import dev.poco.protocol.RunDirective;
import dev.poco.protocol.RunStatus;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a run's lease with the server while it executes: a heartbeat every interval, and a
 * long-poll watch that learns of a cancel within milliseconds. Either one seeing "stop" runs the
 * cancel action once.
 */
final class RunLease implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunLease.class);
    private static final int WATCH_SECONDS = 25;

    private final ServerClient server;
    private final UUID runId;
    private final String workerId;
    private final int leaseSeconds;
    private final Runnable onCancel;
    private final AtomicBoolean canceled = new AtomicBoolean();
    private volatile boolean running = true;
    private final Thread heartbeats;
    private final Thread watcher;

    RunLease(ServerClient server, UUID runId, String workerId, int leaseSeconds, Duration interval,
            Runnable onCancel) {
        this.server = server;
        this.runId = runId;
        this.workerId = workerId;
        this.leaseSeconds = leaseSeconds;
        this.onCancel = onCancel;
        this.heartbeats = Thread.ofVirtual().name("heartbeat-" + runId).start(() -> heartbeatLoop(interval));
        this.watcher = Thread.ofVirtual().name("watch-" + runId).start(this::watchLoop);
    }

    boolean canceled() {
        return canceled.get();
    }

    private void heartbeatLoop(Duration interval) {
        while (running) {
            try {
                Thread.sleep(interval);
                if (mustStop(server.heartbeat(runId, workerId, leaseSeconds))) {
                    cancel("heartbeat");
                }
            } catch (InterruptedException e) {
                return;
            } catch (ServerException e) {
                log.debug("Heartbeat of run {} failed: {}", runId, e.getMessage());
            }
        }
    }

    private void watchLoop() {
        while (running) {
            try {
                RunDirective directive = server.watch(runId, RunStatus.RUNNING, WATCH_SECONDS);
                if (mustStop(directive)) {
                    cancel("watch");
                    return;
                }
                if (directive.status().isTerminal()) {
                    return; // completed by our own final callback
                }
            } catch (ServerException e) {
                if (!running) {
                    return;
                }
                log.debug("Watch of run {} failed: {}", runId, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * Canceled by the user, or failed by the server (lost lease): stop. A run the runner itself
     * just completed is not a reason to interrupt anything.
     */
    private static boolean mustStop(RunDirective directive) {
        return directive.cancelRequested() && directive.status() != RunStatus.COMPLETED;
    }

    /** The run is ending on its own: from now on no heartbeat or watch answer cancels it. */
    void finishing() {
        running = false;
        heartbeats.interrupt();
        watcher.interrupt();
    }

    /** Runs the cancel action once, whoever calls first (server, shutdown). */
    void cancel(String why) {
        if (running && canceled.compareAndSet(false, true)) {
            log.info("Run {} canceled ({})", runId, why);
            onCancel.run();
        }
    }

    @Override
    public void close() {
        running = false;
        heartbeats.interrupt();
        watcher.interrupt();
    }
}
