package dev.poco.server.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import dev.poco.testkit.http.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** {@code POST /sessions/{id}/cancel} (reference §3.3). */
class SessionCancelApiTest extends ApiTest {

    private FakeRunner fake;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private TransactionTemplate tx;

    @BeforeEach
    void fakeRunner() {
        fake = new FakeRunner(runner);
    }

    @Test
    void cancelStopsEveryUnfinishedRunExpiresQuestionsAndClosesOpenToolCalls() {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("work")).ok();
        String sessionId = task.path("session_id").asString();
        String running = task.path("run_id").asString();
        fake.start(running);
        fake.send(sessionId, running, Sdk.toolUse("toolu_open", "Bash", Map.of("command", "sleep 100")));
        String question = runner.post("/api/v1/internal/user-input-requests", Map.of("session_id", sessionId,
                "tool_name", "AskUserQuestion", "tool_input", Map.of("questions", "?"))).ok().path("id").asString();
        String queued = alice.post("/api/v1/tasks", fake.followUp(sessionId, "and then")).ok().path("run_id").asString();

        JsonNode result = alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of("reason", " user stop ")).ok();
        assertThat(result.path("session_id").asString()).isEqualTo(sessionId);
        assertThat(result.path("status").asString()).isEqualTo("canceled");
        assertThat(result.path("canceled_runs").asInt()).isEqualTo(2);
        assertThat(result.path("expired_user_input_requests").asInt()).isEqualTo(1);
        assertThat(result.path("executor_cancelled").asBoolean()).as("a run was executing").isTrue();

        for (String runId : new String[] {running, queued}) {
            JsonNode run = alice.get("/api/v1/runs/" + runId).ok();
            assertThat(run.path("status").asString()).isEqualTo("canceled");
            assertThat(run.path("finished_at").isNull()).isFalse();
            assertThat(run.path("claimed_by").isNull()).isTrue();
            assertThat(run.path("lease_expires_at").isNull()).isTrue();
        }
        assertThat(runner.get("/api/v1/internal/user-input-requests/" + question).ok().path("status").asString())
                .isEqualTo("expired");
        assertThat(alice.get("/api/v1/user-input-requests").ok()).isEmpty();
        JsonNode tool = alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok().get(0);
        assertThat(tool.path("is_error").asBoolean()).isTrue();
        assertThat(tool.path("tool_output").path("content").asString()).isEqualTo("Canceled: user stop");
        assertThat(tool.path("duration_ms").asInt(-1)).isGreaterThanOrEqualTo(0);
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("canceled");
        assertThat(fake.claim()).as("the queued run is gone from the queue").isNull();
    }

    /**
     * The run reaper fails a silent run by locking the run and then writing its session; cancel (like callbacks and
     * runner calls) locks the session and then its runs. When both meet, PostgreSQL aborts one side as a deadlock.
     * The reaper's transaction is played here in SQL, in its order, and held open so that the cancel meets it
     * half-way: the cancel waits for the run first, so PostgreSQL picks it as the victim. Before the fix the cancel
     * then answered 500 and a client polling the session saw the reaper's status instead of "canceled".
     */
    @Test
    void aCancelThatMeetsTheReaperFailingTheRunStillCancelsAndIsVisibleAtOnce() throws Exception {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("work")).ok();
        String sessionId = task.path("session_id").asString();
        UUID runId = UUID.fromString(task.path("run_id").asString());
        fake.start(runId.toString());

        CompletableFuture<Void> runLocked = new CompletableFuture<>();
        CompletableFuture<Void> cancelWaits = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> reaper = threads.submit(() -> {
                try {
                    tx.executeWithoutResult(status -> {
                        jdbc.sql("SELECT id FROM agent_runs WHERE id = :id FOR UPDATE SKIP LOCKED").param("id", runId)
                                .query(UUID.class).single();
                        jdbc.sql("UPDATE agent_runs SET status = 'failed', finished_at = now() WHERE id = :id")
                                .param("id", runId).update();
                        runLocked.complete(null);
                        cancelWaits.join();
                        jdbc.sql("UPDATE agent_sessions SET status = 'failed' WHERE id = :id")
                                .param("id", UUID.fromString(sessionId)).update();
                    });
                } catch (PessimisticLockingFailureException e) {
                    // PostgreSQL may also pick this side; the cancel must succeed either way
                }
                return null;
            });
            runLocked.get(30, TimeUnit.SECONDS);
            Future<Reply> cancel = threads.submit(() ->
                    alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of("reason", "stop")));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE agent_runs SET status = ''canceled''%'""")
                    .query(Long.class).single() > 0);
            cancelWaits.complete(null);

            JsonNode result = cancel.get(60, TimeUnit.SECONDS).ok();
            assertThat(result.path("status").asString()).isEqualTo("canceled");
            assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString())
                    .as("visible to the very next poll").isEqualTo("canceled");
            assertThat(alice.get("/api/v1/runs/" + runId).ok().path("status").asString())
                    .as("whichever finished the run first").isIn("failed", "canceled");
            reaper.get(60, TimeUnit.SECONDS);
        } finally {
            cancelWaits.complete(null);
            threads.shutdownNow();
        }
    }

    @Test
    void callbacksOfACanceledSessionAreDroppedAndANewTaskRevivesIt() {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("work")).ok();
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        fake.start(runId);
        alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of()).ok();
        fake.send(sessionId, runId, Sdk.assistantText("too late"));
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/messages").ok()).hasSize(1);

        alice.post("/api/v1/tasks", fake.followUp(sessionId, "again")).ok();
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("pending");
    }

    @Test
    void cancellingAnIdleSessionCountsNothing() {
        JsonNode task = fake.converse(alice, null, "quick", "done");
        String sessionId = task.path("session_id").asString();
        fake.send(sessionId, task.path("run_id").asString(), Sdk.toolUse("toolu_late", "Bash", Map.of()));
        JsonNode result = alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of()).ok();
        assertThat(result.path("canceled_runs").asInt()).isZero();
        assertThat(result.path("expired_user_input_requests").asInt()).isZero();
        assertThat(result.path("executor_cancelled").asBoolean()).isFalse();
        assertThat(alice.get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("status").asString())
                .as("a finished run stays finished").isEqualTo("completed");
    }

    @Test
    void cancelWithoutAReasonSaysCanceled() {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("work")).ok();
        String sessionId = task.path("session_id").asString();
        fake.start(task.path("run_id").asString());
        fake.send(sessionId, task.path("run_id").asString(), Sdk.toolUse("toolu_1", "Read", Map.of()));
        alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of()).ok();
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/tool-executions").ok().get(0)
                .path("tool_output").path("content").asString()).isEqualTo("Canceled");
    }

    @Test
    void cancelRefusesOtherUsersUnknownSessionsAndBadBodies() {
        String sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        String path = "/api/v1/sessions/" + sessionId + "/cancel";
        bob.post(path, Map.of()).error(403, 40300);
        alice.post("/api/v1/sessions/" + UUID.randomUUID() + "/cancel", Map.of()).error(404, 40400);
        alice.post("/api/v1/sessions/x/cancel", Map.of()).error(422, 40000);
        alice.post(path, null).error(422, 40000);
        alice.post(path, "").error(422, 40000);
        alice.post(path, "{\"reason\":").error(400, 40000);
        alice.post(path, Map.of("reason", 5)).error(422, 40000);
        alice.post(path, Map.of("reason", "r".repeat(2001))).error(422, 40000);
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("pending");
    }
}
