package dev.poco.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.http.Api;
import dev.poco.server.support.ApiTest;
import dev.poco.server.support.Sdk;
import dev.poco.server.support.ServerThreads;
import dev.poco.testkit.http.Reply;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The run queue over HTTP: claims never collide, one active run per session, leases, the reaper,
 * long-poll claims, heartbeats and watches. Each test queues runs under its own schedule mode and
 * claims only that mode, so tests never take each other's runs.
 */
class RunQueueApiTest extends ApiTest {

    private final String mode = "test-" + UUID.randomUUID();

    @Autowired
    JdbcClient jdbc;

    private JsonNode enqueue(Api user, String prompt, String sessionId) {
        Map<String, Object> body = new HashMap<>();
        body.put("prompt", prompt);
        body.put("schedule_mode", mode);
        if (sessionId != null) {
            body.put("session_id", sessionId);
        }
        return user.post("/api/v1/tasks", body).ok();
    }

    private Reply claim(String worker, int leaseSeconds, int waitSeconds) {
        return runner.post("/api/v1/runs/claim", Map.of("worker_id", worker, "lease_seconds", leaseSeconds,
                "schedule_modes", List.of(mode), "wait_seconds", waitSeconds));
    }

    private String claimedRunId(Reply reply) {
        JsonNode data = reply.ok();
        return data.isNull() ? null : data.path("run").path("run_id").asString();
    }

    @Test
    void claimReturnsThePromptOwnerAndConfig() {
        JsonNode task = enqueue(alice, "  Write a haiku  ", null);
        JsonNode claimed = claim("w1", 60, 0).ok();
        assertThat(claimed.path("run").path("run_id").asString()).isEqualTo(task.path("run_id").asString());
        assertThat(claimed.path("run").path("status").asString()).isEqualTo("claimed");
        assertThat(claimed.path("run").path("claimed_by").asString()).isEqualTo("w1");
        assertThat(claimed.path("prompt").asString()).isEqualTo("Write a haiku");
        assertThat(claimed.path("user_id").asString()).startsWith("alice-");
        assertThat(claimed.path("config_snapshot").isObject()).isTrue();
        assertThat(claim("w1", 60, 0).ok().isNull()).as("nothing else queued in this mode").isTrue();
    }

    @Test
    void claimCarriesTheRunsConfigAsATypedSpec() {
        alice.post("/api/v1/tasks", Map.of("prompt", "Fix the site", "schedule_mode", mode, "permission_mode", "plan",
                "config", Map.of("browser_enabled", true, "repo_url", "https://github.com/acme/site",
                        "git_branch", "dev"))).ok();

        JsonNode claimed = claim("w1", 60, 0).ok();

        JsonNode spec = claimed.path("spec");
        assertThat(spec.path("version").asInt()).isEqualTo(1);
        assertThat(spec.path("prompt").asString()).isEqualTo("Fix the site");
        assertThat(spec.path("permission_mode").asString()).isEqualTo("plan");
        assertThat(spec.path("browser").path("enabled").asBoolean()).isTrue();
        assertThat(spec.path("repository").path("url").asString()).isEqualTo("https://github.com/acme/site");
        assertThat(spec.path("repository").path("branch").asString()).isEqualTo("dev");
        assertThat(spec.path("network").path("mode").asString()).isEqualTo("none");
        assertThat(spec.path("capabilities").path("subagent_ids").isArray()).isTrue();
        assertThat(claimed.path("config_snapshot").path("browser_enabled").asBoolean())
                .as("poco's field stays on the wire").isTrue();
    }

    @Test
    void concurrentClaimersNeverGetTheSameRun() throws Exception {
        int runs = 24;
        Set<String> queued = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < runs; i++) {
            queued.add(enqueue(alice, "task " + i, null).path("run_id").asString());
        }
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        List<String> duplicates = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                String worker = "worker-" + w;
                workers.add(pool.submit(() -> {
                    start.await();
                    while (true) {
                        String id = claimedRunId(claim(worker, 60, 0));
                        if (id == null) {
                            return null;
                        }
                        if (claimedBy.putIfAbsent(id, worker) != null) {
                            synchronized (duplicates) {
                                duplicates.add(id);
                            }
                        }
                    }
                }));
            }
            start.countDown();
            for (Future<?> f : workers) {
                f.get();
            }
        }
        assertThat(duplicates).isEmpty();
        assertThat(claimedBy.keySet()).isEqualTo(queued);
    }

    @Test
    void aRunOfASessionWithAnActiveRunIsNotClaimed() {
        JsonNode first = enqueue(alice, "first", null);
        String sessionId = first.path("session_id").asString();
        JsonNode second = enqueue(alice, "second", sessionId);

        assertThat(claimedRunId(claim("w1", 60, 0))).isEqualTo(first.path("run_id").asString());
        assertThat(claim("w2", 60, 0).ok().isNull()).as("the session is busy").isTrue();

        runner.post("/api/v1/runs/" + first.path("run_id").asString() + "/start", Map.of("worker_id", "w1")).ok();
        assertThat(claim("w2", 60, 0).ok().isNull()).as("still busy while running").isTrue();
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "completed", "progress", 100,
                "run_id", first.path("run_id").asString(), "seq", 1)).ok();

        assertThat(claim("w2", 60, 0).ok().isNull()).as("w1 holds the session's workspace and still claims").isTrue();
        assertThat(claimedRunId(claim("w1", 60, 0))).isEqualTo(second.path("run_id").asString());
    }

    @Test
    void aClaimNamesTheSessionsRunBeforeItSoARunnerCanTellAPlainFollowUp() {
        JsonNode first = enqueue(alice, "first", null);
        String sessionId = first.path("session_id").asString();
        JsonNode second = enqueue(alice, "second", sessionId);

        JsonNode firstClaim = claim("w1", 60, 0).ok();
        assertThat(firstClaim.path("previous_run_id").isNull()).as("the session's first run").isTrue();
        runner.post("/api/v1/runs/" + first.path("run_id").asString() + "/start", Map.of("worker_id", "w1")).ok();
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "status", "completed", "progress", 100,
                "run_id", first.path("run_id").asString(), "seq", 1)).ok();

        JsonNode secondClaim = claim("w1", 60, 0).ok();
        assertThat(secondClaim.path("run").path("run_id").asString()).isEqualTo(second.path("run_id").asString());
        assertThat(secondClaim.path("previous_run_id").asString()).isEqualTo(first.path("run_id").asString());
    }

    @Test
    void twoRunsOfOneSessionClaimedAtOnceGiveOnlyOne() throws Exception {
        for (int round = 0; round < 5; round++) {
            JsonNode first = enqueue(alice, "a" + round, null);
            enqueue(alice, "b" + round, first.path("session_id").asString());
            CountDownLatch start = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<String> one = pool.submit(() -> {
                    start.await();
                    return claimedRunId(claim("x", 60, 0));
                });
                Future<String> two = pool.submit(() -> {
                    start.await();
                    return claimedRunId(claim("y", 60, 0));
                });
                start.countDown();
                List<String> got = new ArrayList<>();
                if (one.get() != null) {
                    got.add(one.get());
                }
                if (two.get() != null) {
                    got.add(two.get());
                }
                assertThat(got).as("round %d", round).containsExactly(first.path("run_id").asString());
            }
            alice.post("/api/v1/sessions/" + first.path("session_id").asString() + "/cancel", Map.of()).ok();
        }
    }

    @Test
    void aFailRacingTheRunnersLastCallbackNeverDeadlocks() throws Exception {
        // Found by a graceful-shutdown run: POST /runs/{id}/fail locked the run and then the session, a callback
        // of the same run locked the session and then the run, and PostgreSQL aborted one with "deadlock
        // detected" (a 500 to the runner). Both now lock the session first.
        for (int round = 0; round < 20; round++) {
            JsonNode task = enqueue(alice, "race " + round, null);
            String sessionId = task.path("session_id").asString();
            String runId = task.path("run_id").asString();
            String worker = "racer-" + round;
            assertThat(claimedRunId(claim(worker, 60, 0))).isEqualTo(runId);
            runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", worker)).ok();
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                Future<Reply> callback = pool.submit(() -> {
                    go.await();
                    return runner.post("/api/v1/callback", Map.of("session_id", sessionId, "run_id", runId,
                            "status", "running", "progress", 50, "seq", 1, "new_message", Sdk.assistantText("last words")));
                });
                Future<Reply> fail = pool.submit(() -> {
                    go.await();
                    return runner.post("/api/v1/runs/" + runId + "/fail",
                            Map.of("worker_id", worker, "error_message", "runner shut down"));
                });
                go.countDown();
                assertThat(callback.get().status()).as("callback, round %d", round).isEqualTo(200);
                assertThat(fail.get().status()).as("fail, round %d", round).isEqualTo(200);
            }
            assertThat(alice.get("/api/v1/runs/" + runId).ok().path("status").asString()).isEqualTo("failed");
        }
    }

    @Test
    void anExpiredClaimGoesBackToTheQueue() {
        String runId = enqueue(alice, "lease me", null).path("run_id").asString();
        assertThat(claimedRunId(claim("short-lived", 1, 0))).isEqualTo(runId);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(alice.get("/api/v1/runs/" + runId).ok().path("status").asString()).isEqualTo("queued"));
        JsonNode again = claim("second", 60, 0).ok();
        assertThat(again.path("run").path("run_id").asString()).isEqualTo(runId);
        assertThat(again.path("run").path("claimed_by").asString()).isEqualTo("second");
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", "short-lived")).error(403, 40300);
    }

    @Test
    void aRunningRunWhoseRunnerWentSilentIsFailedByTheReaper() {
        JsonNode task = enqueue(alice, "then silence", null);
        String runId = task.path("run_id").asString();
        claim("doomed", 60, 0).ok();
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", "doomed")).ok();
        String sessionId = task.path("session_id").asString();
        // what the lost runner leaves open: a tool call without result and a question to the user
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "run_id", runId, "status", "running",
                "progress", 10, "new_message", Sdk.toolUse("toolu_lost", "Bash", Map.of("command", "sleep 1000")))).ok();
        String questionId = runner.post("/api/v1/internal/user-input-requests", Map.of("session_id", sessionId,
                "tool_name", "AskUserQuestion", "tool_input", Map.of(),
                "expires_at", OffsetDateTime.now().plusHours(1).toString())).ok().path("id").asString();
        // the test server's heartbeat timeout is 5 s and the reaper looks every second
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(alice.get("/api/v1/runs/" + runId).ok().path("status").asString()).isEqualTo("failed"));
        JsonNode run = alice.get("/api/v1/runs/" + runId).ok();
        assertThat(run.path("last_error").asString()).contains("stopped sending heartbeats").contains("doomed");
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString())
                .isEqualTo("failed");
        // RunAbandoned: recorded in the event publication registry, handled by tools and questions, completed
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode tool = alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok().get(0);
            assertThat(tool.path("is_error").asBoolean()).isTrue();
            assertThat(tool.path("tool_output").path("content").asString()).isEqualTo("Failed: the runner was lost");
            assertThat(runner.get("/api/v1/internal/user-input-requests/" + questionId).ok().path("status").asString())
                    .isEqualTo("expired");
            assertThat(jdbc.sql("""
                    SELECT count(*) FROM event_publication
                    WHERE event_type = :type AND serialized_event LIKE :run AND completion_date IS NOT NULL""")
                    .param("type", RunAbandoned.class.getName()).param("run", "%" + runId + "%")
                    .query(Long.class).single()).as("completed publications, one per listener").isEqualTo(2);
        });
    }

    @Test
    void heartbeatsKeepARunAliveAndExtendAClaim() {
        String runId = enqueue(alice, "keep alive", null).path("run_id").asString();
        OffsetDateTime firstLease = OffsetDateTime.parse(
                claim("steady", 2, 0).ok().path("run").path("lease_expires_at").asString());
        // Heartbeat until the first 2 s lease, and a reaper pass (every second here) after it, are over.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode control = runner.post("/api/v1/runs/" + runId + "/heartbeat",
                    Map.of("worker_id", "steady", "lease_seconds", 2)).ok();
            assertThat(control.path("status").asString()).isEqualTo("claimed");
            assertThat(control.path("cancel_requested").asBoolean()).isFalse();
            return OffsetDateTime.now().isAfter(firstLease.plusSeconds(2));
        });
        JsonNode run = alice.get("/api/v1/runs/" + runId).ok();
        assertThat(run.path("status").asString()).isEqualTo("claimed");
        assertThat(OffsetDateTime.parse(run.path("lease_expires_at").asString())).isAfter(firstLease);
        runner.post("/api/v1/runs/" + runId + "/heartbeat", Map.of("worker_id", "intruder")).error(403, 40300);
    }

    @Test
    void aHeartbeatOfACanceledRunSaysStop() {
        JsonNode task = enqueue(alice, "cancel me", null);
        String runId = task.path("run_id").asString();
        claim("w", 60, 0).ok();
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", "w")).ok();
        alice.post("/api/v1/sessions/" + task.path("session_id").asString() + "/cancel", Map.of("reason", "enough")).ok();
        JsonNode control = runner.post("/api/v1/runs/" + runId + "/heartbeat", Map.of("worker_id", "w")).ok();
        assertThat(control.path("status").asString()).isEqualTo("canceled");
        assertThat(control.path("cancel_requested").asBoolean()).isTrue();
        JsonNode failed = runner.post("/api/v1/runs/" + runId + "/fail",
                Map.of("worker_id", "w", "error_message", "late")).ok();
        assertThat(failed.path("status").asString()).as("fail does not overwrite a canceled run").isEqualTo("canceled");
    }

    @Test
    void aWatchAnswersAsSoonAsTheRunIsCanceled() throws Exception {
        JsonNode task = enqueue(alice, "watch me", null);
        String runId = task.path("run_id").asString();
        claim("w", 60, 0).ok();
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", "w")).ok();
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Reply> watch = pool.submit(() -> runner.get("/api/v1/runs/" + runId + "/watch?status=running&wait_seconds=30"));
            ServerThreads.awaitWaitingIn("dev.poco.server.runs.RunService.watch");
            assertThat(watch.isDone()).as("the watch waits while nothing changes").isFalse();
            alice.post("/api/v1/sessions/" + task.path("session_id").asString() + "/cancel", Map.of()).ok();
            // woken by the cancel, long before its 30 s wait would end
            JsonNode control = watch.get(20, TimeUnit.SECONDS).ok();
            assertThat(control.path("status").asString()).isEqualTo("canceled");
            assertThat(control.path("cancel_requested").asBoolean()).isTrue();
        }
    }

    @Test
    void aLongPollClaimReturnsTheRunAsSoonAsItIsQueued() throws Exception {
        try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
            Future<Reply> waiting = pool.submit(() -> claim("patient", 60, 30));
            ServerThreads.awaitWaitingIn("dev.poco.server.runs.RunService.claim");
            assertThat(waiting.isDone()).as("nothing queued yet, the claim waits").isFalse();
            JsonNode task = enqueue(alice, "wake up", null);
            // woken by the new run, long before its 30 s wait would end
            assertThat(waiting.get(20, TimeUnit.SECONDS).ok().isNull()).as("the waiting claim got a run").isFalse();
            assertThat(alice.get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("claimed_by").asString())
                    .isEqualTo("patient");
        }
    }

    @Test
    void runnerEndpointsRefuseCallsWithoutTheToken() {
        alice.post("/api/v1/runs/claim", Map.of("worker_id", "w")).error(403, 40300);
        anonymous.post("/api/v1/runs/" + UUID.randomUUID() + "/start", Map.of("worker_id", "w")).error(403, 40300);
        anonymous.withHeader("X-Internal-Token", "wrong").post("/api/v1/runs/claim", Map.of("worker_id", "w"))
                .error(403, 40300);
        anonymous.get("/api/v1/runs/" + UUID.randomUUID() + "/watch").error(403, 40300);
    }

    @Test
    void badClaimAndWorkerInputGetsA4xx() {
        runner.post("/api/v1/runs/claim", Map.of("worker_id", "  ")).error(400, 40000);
        runner.post("/api/v1/runs/claim", "{").error(400, 40000);
        runner.post("/api/v1/runs/claim", Map.of("worker_id", "w", "lease_seconds", "soon")).error(422, 40000);
        runner.post("/api/v1/runs/claim", Map.of("worker_id", "x".repeat(300))).error(400, 40000);
        runner.post("/api/v1/runs/" + UUID.randomUUID() + "/start", Map.of("worker_id", "w")).error(404, 40400);
        runner.post("/api/v1/runs/not-a-uuid/start", Map.of("worker_id", "w")).error(422, 40000);
        runner.get("/api/v1/runs/" + UUID.randomUUID() + "/watch?status=bogus").error(422, 40000);
    }

    @Test
    void runsAreReadableOnlyByTheirOwner() {
        JsonNode task = enqueue(alice, "mine", null);
        String runId = task.path("run_id").asString();
        assertThat(alice.get("/api/v1/runs/" + runId).ok().path("run_id").asString()).isEqualTo(runId);
        bob.get("/api/v1/runs/" + runId).error(403, 40300);
        JsonNode list = alice.get("/api/v1/runs/session/" + task.path("session_id").asString()).ok();
        assertThat(list).hasSize(1);
        bob.get("/api/v1/runs/session/" + task.path("session_id").asString()).error(403, 40300);
        alice.get("/api/v1/runs/session/" + task.path("session_id").asString() + "?limit=-1").error(422, 40000);
        alice.get("/api/v1/runs/" + UUID.randomUUID()).error(404, 40400);
    }
}
