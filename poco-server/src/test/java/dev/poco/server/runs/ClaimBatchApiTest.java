package dev.poco.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.ClaimedRun;
import dev.poco.runner.claim.ClaimLoop;
import dev.poco.runner.server.ServerClient;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.ServerThreads;
import dev.poco.testkit.http.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/internal/runs/claims}: Poco's batch claim. A runner with free slots takes every
 * ready run up to {@code max} in one call, under the same rules as poco's claim (oldest first, one
 * active run per session, long-poll while nothing is ready). Each test queues under its own schedule
 * mode, so tests never take each other's runs.
 */
class ClaimBatchApiTest extends ApiTest {

    private static final String BATCH = "/api/v1/internal/runs/claims";
    private final String mode = "batch-" + UUID.randomUUID();

    private JsonNode enqueue(String prompt) {
        return alice.post("/api/v1/tasks", Map.of("prompt", prompt, "schedule_mode", mode)).ok();
    }

    private Reply claimBatch(String worker, int max, int waitSeconds) {
        return runner.post(BATCH, Map.of("worker_id", worker, "lease_seconds", 120, "schedule_modes", List.of(mode),
                "wait_seconds", waitSeconds, "max", max));
    }

    private static List<String> runIds(JsonNode claimed) {
        return StreamSupport.stream(claimed.spliterator(), false).map(c -> c.path("run").path("run_id").asString())
                .toList();
    }

    @Test
    void aBatchTakesTheReadyRunsUpToMaxOldestFirst() {
        String first = enqueue("one").path("run_id").asString();
        String second = enqueue("two").path("run_id").asString();
        String third = enqueue("three").path("run_id").asString();

        JsonNode batch = claimBatch("batcher", 2, 0).ok();

        assertThat(runIds(batch)).containsExactly(first, second);
        assertThat(batch.get(0).path("run").path("status").asString()).isEqualTo("claimed");
        assertThat(batch.get(0).path("run").path("claimed_by").asString()).isEqualTo("batcher");
        assertThat(batch.get(0).path("prompt").asString()).isEqualTo("one");
        assertThat(batch.get(1).path("spec").path("prompt").asString()).isEqualTo("two");
        assertThat(runIds(claimBatch("batcher", 5, 0).ok())).containsExactly(third);
        assertThat(claimBatch("batcher", 5, 0).ok().isEmpty()).as("nothing left: an empty list").isTrue();
    }

    @Test
    void aBatchNeverHoldsTwoRunsOfOneSession() {
        JsonNode task = enqueue("first turn");
        String sessionId = task.path("session_id").asString();
        alice.post("/api/v1/tasks", Map.of("prompt", "follow-up", "schedule_mode", mode, "session_id", sessionId))
                .ok();

        JsonNode batch = claimBatch("batcher", 10, 0).ok();

        assertThat(runIds(batch)).containsExactly(task.path("run_id").asString());
    }

    @Test
    void aWaitingBatchAnswersAsSoonAsARunIsQueued() throws Exception {
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Reply> parked = pool.submit(() -> claimBatch("waiter", 4, 30));
            ServerThreads.awaitWaitingIn("dev.poco.server.runs.RunService.claimUpTo");

            String runId = enqueue("wake up").path("run_id").asString();

            assertThat(runIds(parked.get(20, TimeUnit.SECONDS).ok())).containsExactly(runId);
        }
    }

    @Test
    void theRunnersClaimLoopTakesAWaveThroughTheBatchClaim() {
        List<String> queued = List.of(enqueue("a").path("run_id").asString(), enqueue("b").path("run_id").asString(),
                enqueue("c").path("run_id").asString());
        List<ClaimedRun> executed = new CopyOnWriteArrayList<>();
        CountDownLatch finish = new CountDownLatch(1);
        ServerClient client = new ServerClient(URI.create("http://127.0.0.1:" + port), RUNNER_TOKEN,
                JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
        ClaimLoop loop = new ClaimLoop(client, "loop-" + UUID.randomUUID(), 120, 5, List.of(mode), 3, run -> {
            executed.add(run);
            try {
                finish.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> executed.size() == 3);
            assertThat(executed).extracting(c -> c.run().runId().toString())
                    .containsExactlyInAnyOrderElementsOf(queued);
            assertThat(executed).extracting(c -> c.spec().prompt()).containsExactlyInAnyOrder("a", "b", "c");
        } finally {
            finish.countDown();
            loop.stop();
        }
    }

    @Test
    void pocosSingleClaimKeepsItsShape() {
        String runId = enqueue("single").path("run_id").asString();
        JsonNode claimed = runner.post("/api/v1/runs/claim", Map.of("worker_id", "single", "schedule_modes",
                List.of(mode))).ok();
        assertThat(claimed.isObject()).isTrue();
        assertThat(claimed.path("run").path("run_id").asString()).isEqualTo(runId);
    }

    @Test
    void badBatchesAreRefusedWithTheEnvelope() {
        claimBatch("w", 0, 0).error(400, 40000);
        claimBatch("w", 101, 0).error(400, 40000);
        runner.post(BATCH, Map.of("worker_id", " ", "max", 2)).error(400, 40000);
        runner.post(BATCH, "{").error(400, 40000);
        alice.post(BATCH, Map.of("worker_id", "w", "max", 2)).error(403, 40300);
    }
}
