package dev.poco.runner.claim;

import dev.poco.protocol.ClaimedRun;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.server.ServerRetry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims runs while a slot is free: one long-poll claim at a time for all free slots (Poco's batch
 * claim, up to one run per free slot; poco's single claim against a server without it), so a runner
 * never holds more runs than it can execute and a wave of queued runs does not cost one long-poll
 * each. Each claimed run is handed to {@code execute} on its own virtual
 * thread, and its slot is freed when that returns. While the server is unreachable the claim is
 * retried with the runner's {@link ServerRetry} policy (backing off up to 10 s) and the loop says so
 * once, not on every attempt. {@link #stop()} releases this worker's claims on the server, so a
 * long-poll still parked there cannot take the next run for a runner that is gone.
 */
public final class ClaimLoop {

    private static final Logger log = LoggerFactory.getLogger(ClaimLoop.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ServerClient server;
    private final String workerId;
    private final int leaseSeconds;
    private final int waitSeconds;
    private final @Nullable List<String> scheduleModes;
    private final Semaphore slots;
    private final Consumer<ClaimedRun> execute;
    /**
     * A refused claim (say, a wrong token) is asked again too, like a failed one: the loop has
     * nothing else to do, and the log says why it gets nothing. Not a 401, though: that is a registered
     * runner's credential revoked (or unknown), which asking again cannot mend, so the loop ends.
     */
    private final ServerRetry retry = ServerRetry.backoff(Duration.ofMillis(500), Duration.ofSeconds(10))
            .retrying(e -> e.httpStatus() != 401).whileTrue(this::keepClaiming);
    private volatile boolean running;
    /** False once the server answered the batch claim with 404: poco's backend, claimed one run at a time. */
    private volatile boolean batchClaims = true;
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

    /** True while the loop's thread is alive (after {@link #stop()} returns it normally is not). */
    public boolean isAlive() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * Stops claiming: ends the loop (waiting up to 5 s for its pending call to be abandoned), then
     * releases this worker's claims on the server. Runs already handed out keep going; a run the
     * server handed out but this runner has not started yet goes back to the queue.
     */
    public void stop() {
        running = false;
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            if (!t.join(STOP_WAIT)) {
                log.warn("The claim loop did not end within {} s", STOP_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            int requeued = server.releaseClaims(workerId);
            if (requeued > 0) {
                log.info("Released {} claimed run(s) back to the queue of {}", requeued, server.base());
            }
        } catch (ServerException e) {
            // An unreachable server holds no long-poll of ours; unstarted claims there expire with their lease.
            log.warn("Could not release the claims of {} at {}: {}", workerId, server.base(), e.getMessage());
        }
    }

    private boolean keepClaiming() {
        return running && !server.credentialRefused();
    }

    private void loop() {
        AtomicBoolean reachable = new AtomicBoolean(true);
        while (running) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            int free = 1 + slots.drainPermits();
            int handedOut = 0;
            try {
                List<ClaimedRun> claimed = retry.call(() -> claim(free), failure -> {
                    if (reachable.getAndSet(false)) {
                        log.warn("Cannot claim runs from {}: {} (retrying quietly)", server.base(),
                                failure.getMessage());
                    }
                });
                if (!reachable.getAndSet(true)) {
                    log.info("The Poco server at {} is reachable again", server.base());
                }
                for (ClaimedRun run : claimed) {
                    if (!running) {
                        break; // the release on stop puts the rest back in the queue
                    }
                    handOut(run);
                    handedOut++;
                }
            } catch (ServerException e) {
                if (e.httpStatus() == 401 || server.credentialRefused()) {
                    running = false;
                    log.error("Stopped claiming runs from {}: the server refused this runner's credential ({})",
                            server.base(), e.getMessage());
                }
                // otherwise the retry gives up only when the loop is stopping
                return;
            } catch (InterruptedException e) {
                return;
            } finally {
                slots.release(free - handedOut);
            }
        }
    }

    /**
     * Up to {@code free} runs: one batch claim, or poco's single claim once the server said it has no
     * batch claim (HTTP 404; poco's own backend).
     */
    private List<ClaimedRun> claim(int free) {
        if (batchClaims) {
            try {
                return server.claimBatch(workerId, leaseSeconds, scheduleModes, waitSeconds, free);
            } catch (ServerException e) {
                if (e.httpStatus() != 404) {
                    throw e;
                }
                batchClaims = false;
                log.info("{} has no batch claim; claiming one run at a time", server.base());
            }
        }
        return server.claim(workerId, leaseSeconds, scheduleModes, waitSeconds).map(List::of).orElse(List.of());
    }

    private void handOut(ClaimedRun run) {
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
    }
}
