package dev.poco.server.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.ServerThreads;
import dev.poco.testkit.http.Reply;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/internal/runs/claims/release}: a runner that stops ends its parked claims,
 * and its claimed but unstarted runs go back to the queue at once. Each test uses its own schedule
 * mode and worker names, so tests never take each other's runs.
 */
class ClaimReleaseApiTest extends ApiTest {

    private static final String RELEASE = "/api/v1/internal/runs/claims/release";
    private final String mode = "release-" + UUID.randomUUID();

    private String enqueue(String prompt) {
        return alice.post("/api/v1/tasks", Map.of("prompt", prompt, "schedule_mode", mode)).ok().path("run_id")
                .asString();
    }

    private Reply claim(String worker, int waitSeconds) {
        return runner.post("/api/v1/runs/claim", Map.of("worker_id", worker, "lease_seconds", 120,
                "schedule_modes", List.of(mode), "wait_seconds", waitSeconds));
    }

    private JsonNode release(String worker) {
        return runner.post(RELEASE, Map.of("worker_id", worker)).ok();
    }

    private JsonNode run(String runId) {
        return alice.get("/api/v1/runs/" + runId).ok();
    }

    @Test
    void aReleasedWorkersParkedClaimEndsEmptyAndTheNextRunGoesToAnotherWorker() throws Exception {
        String stopped = "stopping-" + UUID.randomUUID();
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Reply> parked = pool.submit(() -> claim(stopped, 30));
            ServerThreads.awaitWaitingIn("dev.poco.server.runs.RunService.claim");

            release(stopped);

            // ended by the release, long before its 30 s wait would end
            assertThat(parked.get(20, TimeUnit.SECONDS).ok().isNull()).as("the released claim got nothing").isTrue();
        }
        String runId = enqueue("for whoever is still here");
        assertThat(claim("second-" + UUID.randomUUID(), 0).ok().path("run").path("run_id").asString())
                .isEqualTo(runId);
    }

    @Test
    void aReleaseRequeuesOnlyTheWorkersClaimedButUnstartedRuns() {
        String stopped = "stopping-" + UUID.randomUUID();
        String other = "other-" + UUID.randomUUID();
        String started = enqueue("started by the stopping worker");
        assertThat(claim(stopped, 0).ok().path("run").path("run_id").asString()).isEqualTo(started);
        runner.post("/api/v1/runs/" + started + "/start", Map.of("worker_id", stopped)).ok();
        String unstarted = enqueue("claimed, not started");
        assertThat(claim(stopped, 0).ok().path("run").path("run_id").asString()).isEqualTo(unstarted);
        String othersRun = enqueue("another worker's");
        assertThat(claim(other, 0).ok().path("run").path("run_id").asString()).isEqualTo(othersRun);

        assertThat(release(stopped).path("requeued_runs").asInt()).isEqualTo(1);

        assertThat(run(unstarted).path("status").asString()).isEqualTo("queued");
        assertThat(run(unstarted).path("claimed_by").isNull()).isTrue();
        assertThat(run(started).path("status").asString()).as("a started run is its runner's to finish")
                .isEqualTo("running");
        assertThat(run(othersRun).path("claimed_by").asString()).isEqualTo(other);
        assertThat(claim("second-" + UUID.randomUUID(), 0).ok().path("run").path("run_id").asString())
                .as("queued again at once, not after its 120 s lease").isEqualTo(unstarted);
    }

    @Test
    void aWorkerStartedAgainUnderTheSameNameClaimsAsUsual() {
        String worker = "restarted-" + UUID.randomUUID();
        release(worker);
        String runId = enqueue("after the restart");
        assertThat(claim(worker, 0).ok().path("run").path("run_id").asString()).isEqualTo(runId);
    }

    @Test
    void onlyARunnerMayReleaseAndItMustSayWhichWorker() {
        alice.post(RELEASE, Map.of("worker_id", "w")).error(403, 40300);
        anonymous.withHeader("X-Internal-Token", "wrong").post(RELEASE, Map.of("worker_id", "w")).error(403, 40300);
        runner.post(RELEASE, Map.of("worker_id", "  ")).error(400, 40000);
        runner.post(RELEASE, "{").error(400, 40000);
    }
}
