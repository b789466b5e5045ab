package dev.poco.runner.claim;

import dev.poco.protocol.ClaimedRun;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims runs while a slot is free: one long-poll claim at a time, so a runner never holds more
 * runs than it can execute. Each claimed run is handed to {@code execute} on its own virtual
 * thread, and its slot is freed when that returns. While the server is unreachable the loop backs
 * off (up to 10 s) and says so once, not on every attempt.
 */
public final class ClaimLoop {

    private static final Logger log = LoggerFactory.getLogger(ClaimLoop.class);

    private final ServerClient server;
    private final String workerId;
    private final int leaseSeconds;
    private final int waitSeconds;
    private final @Nullable List<String> scheduleModes;
    private final Semaphore slots;
    private final Consumer<ClaimedRun> execute;
    private volatile boolean running;
    private volatile @Nullable Thread thread;

    public ClaimLoop(ServerClient server, String workerId, int leaseSeconds, int waitSeconds,
            @Nullable List<String> scheduleModes, int maxConcurrentRuns, Consumer<ClaimedRun> execute) {
        this.server = server;
        this.workerId = workerId;
        this.leaseSeconds = leaseSeconds;
        this.waitSeconds = waitSeconds;
        this.scheduleModes = scheduleModes;
        this.slots = new Semaphore(maxConcurrentRuns);
        this.execute = execute;
    }

    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("claim-loop").start(this::loop);
    }

    /** Stops claiming; runs already handed out keep going. */
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void loop() {
        long backoff = 500;
        boolean reachable = true;
        while (running) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            boolean handedOut = false;
            try {
                Optional<ClaimedRun> claimed = server.claim(workerId, leaseSeconds, scheduleModes, waitSeconds);
                if (!reachable) {
                    log.info("The Poco server at {} is reachable again", server.base());
                    reachable = true;
                }
                backoff = 500;
                if (claimed.isPresent() && running) {
                    ClaimedRun run = claimed.get();
                    log.info("Claimed run {} of session {}", run.run().runId(), run.run().sessionId());
                    Thread.ofVirtual().name("run-" + run.run().runId()).start(() -> {
                        try {
                            execute.accept(run);
                        } catch (RuntimeException e) {
                            log.error("Run {} ended with an unexpected error", run.run().runId(), e);
                        } finally {
                            slots.release();
                        }
                    });
                    handedOut = true;
                }
            } catch (ServerException e) {
                if (!running) {
                    return;
                }
                if (reachable) {
                    log.warn("Cannot claim runs from {}: {} (retrying quietly)", server.base(), e.getMessage());
                    reachable = false;
                }
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            } finally {
                if (!handedOut) {
                    slots.release();
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
