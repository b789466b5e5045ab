package dev.poco.runner.claim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.RunStatus;
import dev.poco.protocol.RunView;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.StandInServer;
import dev.poco.runner.server.StandInServer.Answer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claim loop against a stand-in server on a real socket. The stand-in behaves like Poco's claim
 * long-poll: it hands out the queued runs, then holds the next claim until the worker releases its
 * claims (or 30 s pass) and answers it empty.
 */
class ClaimLoopTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private static final String CLAIM = "/api/v1/runs/claim";
    private static final String BATCH = "/api/v1/internal/runs/claims";
    private static final String RELEASE = "/api/v1/internal/runs/claims/release";

    private final StandInServer server = new StandInServer();
    private final List<ClaimedRun> queued = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<ClaimedRun> executed = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private ClaimLoop loop;

    @BeforeEach
    void standInForPoco() {
        server.on(CLAIM, request -> {
            if (!queued.isEmpty()) {
                return Answer.ok(JSON.writeValueAsString(queued.removeFirst()));
            }
            released.await(30, TimeUnit.SECONDS); // the long-poll: parked until the worker releases
            return Answer.ok("null");
        });
        server.on(BATCH, request -> {
            int max = JSON.readTree(request.body()).path("max").asInt();
            List<ClaimedRun> batch = new ArrayList<>();
            while (!queued.isEmpty() && batch.size() < max) {
                batch.add(queued.removeFirst());
            }
            if (batch.isEmpty()) {
                released.await(30, TimeUnit.SECONDS); // the long-poll: parked until the worker releases
            }
            return Answer.ok(JSON.writeValueAsString(batch));
        });
        server.on(RELEASE, request -> {
            released.countDown();
            return Answer.ok("{\"requeued_runs\":0}");
        });
        logs.start();
        ((Logger) LoggerFactory.getLogger(ClaimLoop.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.stop();
        }
        released.countDown();
        ((Logger) LoggerFactory.getLogger(ClaimLoop.class)).detachAppender(logs);
        server.close();
    }

    private ClaimLoop start(int slots) {
        loop = new ClaimLoop(new ServerClient(server.base(), "token", JSON), "worker-1", 120, 25, null, slots,
                executed::add);
        loop.start();
        return loop;
    }

    private static ClaimedRun run() {
        OffsetDateTime now = OffsetDateTime.now();
        RunView view = new RunView(UUID.randomUUID(), UUID.randomUUID(), 1, RunStatus.CLAIMED, "default", 0,
                "immediate", null, now, null, "worker-1", now.plusMinutes(2), 0, null, null, null, null, now, now, null);
        return ClaimedRun.of(view, "alice", "Say hello", null, null);
    }

    private long logged(String text) {
        return logs.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
    }

    /** Queues two runs and starts a two-slot loop, which hands both out (each on its own thread: any order). */
    private void twoQueuedRunsAreExecuted() {
        ClaimedRun first = run();
        ClaimedRun second = run();
        queued.addAll(List.of(first, second));

        start(2);

        await().atMost(Duration.ofSeconds(20)).until(() -> executed.size() == 2);
        assertThat(executed).extracting(c -> c.run().runId()).containsExactlyInAnyOrder(first.run().runId(),
                second.run().runId());
    }

    @Test
    void claimedRunsAreHandedToTheExecutorWithTheWorkersClaimRequest() {
        twoQueuedRunsAreExecuted();

        StandInServer.Request claim = server.requests().getFirst();
        assertThat(claim.path()).isEqualTo(BATCH);
        assertThat(claim.token()).isEqualTo("token");
        assertThat(JSON.readTree(claim.body()).path("max").asInt()).as("one run per free slot").isEqualTo(2);
        assertThat(JSON.readTree(claim.body()).path("worker_id").asString()).isEqualTo("worker-1");
        assertThat(JSON.readTree(claim.body()).path("wait_seconds").asInt()).isEqualTo(25);
        assertThat(JSON.readTree(claim.body()).path("lease_seconds").asInt()).isEqualTo(120);
    }

    /** A loop whose runs each hold their slot until {@code finish} opens. */
    private void startHolding(int slots, CountDownLatch finish) {
        loop = new ClaimLoop(new ServerClient(server.base(), "token", JSON), "worker-1", 120, 25, null, slots,
                run -> {
                    executed.add(run);
                    try {
                        finish.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        loop.start();
    }

    @Test
    void aBusyRunnerDoesNotClaimUntilASlotIsFree() {
        CountDownLatch finish = new CountDownLatch(1);
        queued.addAll(List.of(run(), run()));
        startHolding(1, finish);

        await().atMost(Duration.ofSeconds(20)).until(() -> executed.size() == 1);
        assertThat(server.count(BATCH)).as("its only slot is taken: no second claim").isEqualTo(1);
        finish.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> executed.size() == 2);
    }

    @Test
    void aWaveOfQueuedRunsIsClaimedInOneCallForAllFreeSlots() {
        CountDownLatch finish = new CountDownLatch(1);
        for (int i = 0; i < 5; i++) {
            queued.add(run());
        }
        startHolding(3, finish);

        await().atMost(Duration.ofSeconds(20)).until(() -> executed.size() == 3);
        assertThat(server.count(BATCH)).as("three runs, one call").isEqualTo(1);
        assertThat(queued).hasSize(2);
        finish.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> executed.size() == 5);
        assertThat(server.requests()).filteredOn(r -> r.path().equals(BATCH))
                .extracting(r -> JSON.readTree(r.body()).path("max").asInt()).first().isEqualTo(3);
        assertThat(server.count(CLAIM)).isZero();
    }

    @Test
    void aServerWithoutTheBatchClaimIsClaimedOneRunAtATime() {
        server.on(BATCH, request -> Answer.error(404, 40400, "no such path"));

        twoQueuedRunsAreExecuted();

        assertThat(server.count(BATCH)).as("asked once, then poco's claim").isEqualTo(1);
        assertThat(server.count(CLAIM)).isGreaterThanOrEqualTo(2);
        assertThat(logged("has no batch claim")).isEqualTo(1);
    }

    @Test
    void whileTheServerIsDownTheLoopBacksOffQuietlyAndClaimsWhenItIsBack() {
        server.stop();
        start(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> logged("Cannot claim runs from") == 1);
        ClaimedRun run = run();
        queued.add(run);
        server.restart();

        await().atMost(Duration.ofSeconds(30)).until(() -> executed.size() == 1);
        assertThat(executed.getFirst().run().runId()).isEqualTo(run.run().runId());
        assertThat(logged("Cannot claim runs from")).as("said once, not on every attempt").isEqualTo(1);
        assertThat(logged("is reachable again")).isEqualTo(1);
    }

    @Test
    void stoppingEndsTheParkedClaimAndReleasesTheWorkersClaims() {
        start(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.count(BATCH) == 1); // parked at the stand-in

        loop.stop();

        assertThat(loop.isAlive()).isFalse();
        assertThat(server.count(RELEASE)).isEqualTo(1);
        StandInServer.Request release = server.requests().stream().filter(r -> r.path().equals(RELEASE))
                .findFirst().orElseThrow();
        assertThat(JSON.readTree(release.body()).path("worker_id").asString()).isEqualTo("worker-1");
        assertThat(release.token()).isEqualTo("token");
        assertThat(server.count(BATCH)).as("no claim after the stop").isEqualTo(1);
        assertThat(server.count(CLAIM)).isZero();
        assertThat(executed).isEmpty();
        loop = null;
    }

    @Test
    void aStopWhileTheServerIsDownStillEnds() {
        server.stop();
        start(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> logged("Cannot claim runs from") == 1);

        loop.stop();

        assertThat(loop.isAlive()).isFalse();
        assertThat(logged("Could not release the claims of worker-1")).isEqualTo(1);
        loop = null;
    }
}
