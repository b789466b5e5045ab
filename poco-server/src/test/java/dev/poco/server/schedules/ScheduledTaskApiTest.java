package dev.poco.server.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * poco's scheduled-task routes (reference §2, §3.7) against the real server and database. This server's own
 * dispatcher is off (see {@code ApiTest}); the tests fire due tasks through poco's internal {@code dispatch-due}.
 */
class ScheduledTaskApiTest extends ApiTest {

    @Autowired
    private JdbcClient jdbc;

    private JsonNode create(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Daily report", "cron", "0 9 * * 1-5",
                "timezone", "Asia/Shanghai", "prompt", "Summarise yesterday's commits"));
        body.putAll(fields);
        return alice.post("/api/v1/scheduled-tasks", body).ok();
    }

    private void makeDue(String taskId) {
        jdbc.sql("UPDATE agent_scheduled_tasks SET next_run_at = now() - interval '3 hours' WHERE id = :id")
                .param("id", UUID.fromString(taskId)).update();
    }

    private JsonNode dispatch() {
        return runner.post("/api/v1/internal/scheduled-tasks/dispatch-due", Map.of("limit", 500)).ok();
    }

    private static OffsetDateTime time(JsonNode node) {
        return OffsetDateTime.parse(node.asString());
    }

    @Test
    void createsListsUpdatesAndSoftDeletesATask() {
        JsonNode task = create(Map.of());
        String id = task.path("scheduled_task_id").asString();
        assertThat(task.path("user_id").asString()).startsWith("alice-");
        assertThat(task.path("cron").asString()).isEqualTo("0 9 * * 1-5");
        assertThat(task.path("timezone").asString()).isEqualTo("Asia/Shanghai");
        assertThat(task.path("enabled").asBoolean()).isTrue();
        assertThat(task.path("reuse_session").asBoolean()).isTrue();
        assertThat(task.path("session_id").isNull()).isFalse();
        assertThat(task.path("last_run_id").isNull()).isTrue();
        OffsetDateTime next = time(task.path("next_run_at"));
        assertThat(next.toInstant()).isAfter(Instant.now());
        assertThat(next.atZoneSameInstant(ZoneId.of("Asia/Shanghai")).getHour()).isEqualTo(9);
        assertThat(next.atZoneSameInstant(ZoneId.of("Asia/Shanghai")).getDayOfWeek().getValue()).isLessThan(6);

        // the pinned session is a "scheduled" one: not among the chat sessions
        String sessionId = task.path("session_id").asString();
        assertThat(alice.get("/api/v1/sessions").ok()).isEmpty();
        assertThat(alice.get("/api/v1/sessions?kind=scheduled").ok().get(0).path("session_id").asString())
                .isEqualTo(sessionId);

        assertThat(alice.get("/api/v1/scheduled-tasks").ok()).hasSize(1);
        assertThat(alice.get("/api/v1/scheduled-tasks/" + id).ok().path("name").asString()).isEqualTo("Daily report");

        JsonNode renamed = alice.patch("/api/v1/scheduled-tasks/" + id, Map.of("name", "Weekly report")).ok();
        assertThat(renamed.path("name").asString()).isEqualTo("Weekly report");
        assertThat(time(renamed.path("next_run_at"))).isEqualTo(next);

        JsonNode moved = alice.patch("/api/v1/scheduled-tasks/" + id, Map.of("cron", "30 18 * * *",
                "timezone", "Europe/Paris")).ok();
        OffsetDateTime paris = time(moved.path("next_run_at"));
        assertThat(paris.atZoneSameInstant(ZoneId.of("Europe/Paris")).getHour()).isEqualTo(18);
        assertThat(paris.atZoneSameInstant(ZoneId.of("Europe/Paris")).getMinute()).isEqualTo(30);

        assertThat(alice.delete("/api/v1/scheduled-tasks/" + id).ok().path("id").asString()).isEqualTo(id);
        alice.get("/api/v1/scheduled-tasks/" + id).error(404, 40400);
        alice.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).error(404, 40400);
        assertThat(alice.get("/api/v1/scheduled-tasks").ok()).isEmpty();
        // a soft-deleted task never fires
        makeDue(id);
        dispatch();
        assertThat(jdbc.sql("SELECT count(*) FROM agent_runs WHERE scheduled_task_id = :id")
                .param("id", UUID.fromString(id)).query(Long.class).single()).isZero();
    }

    @Test
    void triggerQueuesARunAsPostTasksDoesTaggedWithTheTask() {
        JsonNode task = create(Map.of("config", Map.of("git_branch", "dev")));
        String id = task.path("scheduled_task_id").asString();
        JsonNode queued = alice.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).ok();
        assertThat(queued.path("session_id").asString()).isEqualTo(task.path("session_id").asString());
        String runId = queued.path("run_id").asString();

        JsonNode runs = alice.get("/api/v1/scheduled-tasks/" + id + "/runs").ok();
        assertThat(runs).hasSize(1);
        JsonNode run = runs.get(0);
        assertThat(run.path("run_id").asString()).isEqualTo(runId);
        assertThat(run.path("scheduled_task_id").asString()).isEqualTo(id);
        assertThat(run.path("schedule_mode").asString()).isEqualTo("scheduled");
        assertThat(run.path("permission_mode").asString()).isEqualTo("default");
        assertThat(run.path("status").asString()).isEqualTo("queued");
        assertThat(run.has("usage")).isTrue();
        assertThat(run.path("config_snapshot").path("git_branch").asString()).isEqualTo("dev");

        JsonNode messages = alice.get("/api/v1/sessions/" + queued.path("session_id").asString() + "/messages").ok();
        assertThat(messages.get(messages.size() - 1).path("text_preview").asString())
                .isEqualTo("Summarise yesterday's commits");

        JsonNode after = alice.get("/api/v1/scheduled-tasks/" + id).ok();
        assertThat(after.path("last_run_id").asString()).isEqualTo(runId);
        assertThat(after.path("last_run_status").asString()).isEqualTo("queued");
        assertThat(time(after.path("next_run_at"))).isEqualTo(time(task.path("next_run_at")));

        // the run's outcome reaches the task's summary (poco's summary sync)
        runner.post("/api/v1/runs/" + runId + "/fail", Map.of("worker_id", "w-" + UUID.randomUUID(),
                "error_message", "the repository is gone")).ok();
        JsonNode failed = alice.get("/api/v1/scheduled-tasks/" + id).ok();
        assertThat(failed.path("last_run_status").asString()).isEqualTo("failed");
        assertThat(failed.path("last_error").asString()).isEqualTo("the repository is gone");

        // a trigger is forced: the third queues while the second is still queued, in the same session
        JsonNode second = alice.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).ok();
        assertThat(second.path("session_id").asString()).isEqualTo(task.path("session_id").asString());
        JsonNode third = alice.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).ok();
        assertThat(third.path("run_id").asString()).isNotEqualTo(second.path("run_id").asString());
        assertThat(alice.get("/api/v1/scheduled-tasks/" + id + "/runs?limit=2").ok()).hasSize(2);
        assertThat(alice.get("/api/v1/scheduled-tasks/" + id + "/runs").ok().get(0).path("run_id").asString())
                .isEqualTo(third.path("run_id").asString());
    }

    @Test
    void aDueTaskFiresOnceCoalescingMissedFiresAndIsSkippedWhileItsRunIsActive() {
        JsonNode task = create(Map.of("cron", "*/5 * * * *", "timezone", "UTC"));
        String id = task.path("scheduled_task_id").asString();
        makeDue(id); // three hours of missed fires

        JsonNode result = dispatch();
        List<String> fired = runsOf(id);
        assertThat(fired).hasSize(1);
        List<String> runIds = new ArrayList<>();
        result.path("run_ids").forEach(r -> runIds.add(r.asString()));
        assertThat(runIds).contains(fired.getFirst());
        JsonNode after = alice.get("/api/v1/scheduled-tasks/" + id).ok();
        assertThat(time(after.path("next_run_at")).toInstant()).isAfter(Instant.now().minusSeconds(1));
        assertThat(time(after.path("next_run_at")).getMinute() % 5).isZero();
        assertThat(after.path("last_run_id").asString()).isEqualTo(fired.getFirst());
        // the run is due at the fire time it stands for
        JsonNode run = alice.get("/api/v1/runs/" + fired.getFirst()).ok();
        assertThat(time(run.path("scheduled_at")).toInstant()).isBefore(Instant.now().minusSeconds(3 * 3600 - 60));

        dispatch(); // nothing due any more
        assertThat(runsOf(id)).hasSize(1);

        makeDue(id); // due again while the first run is still queued: skipped, and moved on
        JsonNode skipped = dispatch();
        assertThat(skipped.path("skipped").asInt()).isPositive();
        assertThat(runsOf(id)).hasSize(1);
        assertThat(time(alice.get("/api/v1/scheduled-tasks/" + id).ok().path("next_run_at")).toInstant())
                .isAfter(Instant.now().minusSeconds(1));
    }

    @Test
    void pastTheMonthlyBudgetAFireIsSkippedWithTheReasonAndARunNowIsRefused() {
        JsonNode task = create(Map.of("cron", "*/5 * * * *", "timezone", "UTC"));
        String id = task.path("scheduled_task_id").asString();
        FakeRunner fake = new FakeRunner(runner);
        JsonNode spend = alice.post("/api/v1/tasks", fake.task("spend it all")).ok();
        String sessionId = spend.path("session_id").asString();
        String runId = spend.path("run_id").asString();
        assertThat(fake.claimQueued().path("run").path("run_id").asString()).isEqualTo(runId);
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", fake.worker())).ok();
        fake.send(sessionId, runId, Sdk.result(MONTHLY_BUDGET_USD + 2.0, 100, Map.of("input_tokens", 1)));
        makeDue(id);

        JsonNode result = dispatch();
        assertThat(result.path("skipped").asInt()).isPositive();
        assertThat(runsOf(id)).as("no run past the budget").isEmpty();
        JsonNode after = alice.get("/api/v1/scheduled-tasks/" + id).ok();
        assertThat(after.path("last_error").asString()).startsWith("Monthly budget reached: $1002.00 of $1000.00");
        assertThat(after.path("enabled").asBoolean()).as("it fires again when there is budget").isTrue();
        assertThat(time(after.path("next_run_at")).toInstant()).as("skipped, not retried at every pass")
                .isAfter(Instant.now().minusSeconds(1));

        alice.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).error(403, 10101);
        assertThat(runsOf(id)).isEmpty();
    }

    @Test
    void withoutReuseSessionEachFireGetsANewScheduledSession() {
        JsonNode task = create(Map.of("reuse_session", false, "timezone", ""));
        String id = task.path("scheduled_task_id").asString();
        assertThat(task.path("session_id").isNull()).isTrue();
        assertThat(task.path("timezone").asString()).isEqualTo("UTC");
        JsonNode first = alice.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).ok();
        JsonNode second = alice.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).ok();
        assertThat(first.path("session_id").asString()).isNotEqualTo(second.path("session_id").asString());
        assertThat(alice.get("/api/v1/sessions?kind=scheduled").ok()).hasSize(2);
    }

    @Test
    void reEnablingATaskComputesItsNextFireFromNowInsteadOfFiringAStaleTime() {
        JsonNode task = create(Map.of("enabled", false, "cron", "0 3 * * *", "timezone", "UTC"));
        String id = task.path("scheduled_task_id").asString();
        makeDue(id);
        dispatch();
        assertThat(runsOf(id)).isEmpty(); // disabled: never fires

        JsonNode enabled = alice.patch("/api/v1/scheduled-tasks/" + id, Map.of("enabled", true)).ok();
        assertThat(enabled.path("enabled").asBoolean()).isTrue();
        assertThat(time(enabled.path("next_run_at")).toInstant()).isAfter(Instant.now());
        assertThat(time(enabled.path("next_run_at")).getHour()).isEqualTo(3);
        dispatch();
        assertThat(runsOf(id)).isEmpty();
    }

    @Test
    void aTaskWhosePinnedSessionIsGoneIsDisabledWithTheError() {
        JsonNode task = create(Map.of());
        String id = task.path("scheduled_task_id").asString();
        alice.delete("/api/v1/sessions/" + task.path("session_id").asString()).ok();
        makeDue(id);
        JsonNode result = dispatch();
        assertThat(result.path("errors").asInt()).isPositive();
        JsonNode after = alice.get("/api/v1/scheduled-tasks/" + id).ok();
        assertThat(after.path("enabled").asBoolean()).isFalse();
        assertThat(after.path("last_error").asString()).contains("Session not found");
        assertThat(runsOf(id)).isEmpty();
        alice.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).error(404, 40400);
    }

    @Test
    void aStoredExpressionThatCannotBeReadDisablesItsTaskInsteadOfFailingAtEveryPass() {
        String id = create(Map.of()).path("scheduled_task_id").asString();
        // as a poco database may hold: croniter's seven fields (with a year)
        jdbc.sql("UPDATE agent_scheduled_tasks SET cron = '0 9 * * * 0 2030' WHERE id = :id")
                .param("id", UUID.fromString(id)).update();
        makeDue(id);
        assertThat(dispatch().path("errors").asInt()).isPositive();
        JsonNode after = alice.get("/api/v1/scheduled-tasks/" + id).ok();
        assertThat(after.path("enabled").asBoolean()).isFalse();
        assertThat(after.path("last_error").asString()).startsWith("Invalid cron expression: 0 9 * * * 0 2030");
        assertThat(runsOf(id)).isEmpty();
    }

    @Test
    void previewGivesTheNextFiveFiresInTheZone() {
        JsonNode preview = alice.get("/api/v1/scheduled-tasks/preview?cron=0%209%20*%20*%20*&timezone=Europe/Paris")
                .ok();
        assertThat(preview.path("next_runs")).hasSize(5);
        assertThat(preview.path("next_runs_local")).hasSize(5);
        for (JsonNode local : preview.path("next_runs_local")) {
            assertThat(OffsetDateTime.parse(local.asString()).getHour()).isEqualTo(9);
        }
        for (JsonNode utc : preview.path("next_runs")) {
            assertThat(time(utc).atZoneSameInstant(ZoneId.of("Europe/Paris")).getHour()).isEqualTo(9);
        }
        JsonNode alias = alice.get("/api/v1/scheduled-tasks/preview?cron=@daily").ok();
        assertThat(alias.path("timezone").asString()).isEqualTo("UTC");
        assertThat(alias.path("next_runs")).hasSize(5);
    }

    @Test
    void anotherUsersTaskIsForbidden() {
        String id = create(Map.of()).path("scheduled_task_id").asString();
        bob.get("/api/v1/scheduled-tasks/" + id).error(403, 40300);
        bob.patch("/api/v1/scheduled-tasks/" + id, Map.of("name", "mine")).error(403, 40300);
        bob.delete("/api/v1/scheduled-tasks/" + id).error(403, 40300);
        bob.post("/api/v1/scheduled-tasks/" + id + "/trigger", Map.of()).error(403, 40300);
        bob.get("/api/v1/scheduled-tasks/" + id + "/runs").error(403, 40300);
        assertThat(bob.get("/api/v1/scheduled-tasks").ok()).isEmpty();
        assertThat(alice.get("/api/v1/scheduled-tasks/" + id).ok().path("name").asString()).isEqualTo("Daily report");
        assertThat(runsOf(id)).isEmpty();
    }

    @Test
    void badInputGetsPocosErrorsNeverA500() {
        String bobsProject = bob.post("/api/v1/projects", Map.of("name", "Bob's")).ok().path("project_id").asString();
        Map<String, Object> valid = Map.of("name", "n", "cron", "* * * * *", "prompt", "p");
        assertThat(post(valid, "name", "  ").error(400, 40000).message()).isEqualTo("name cannot be empty");
        assertThat(post(valid, "prompt", " ").error(400, 40000).message()).isEqualTo("prompt cannot be empty");
        assertThat(post(valid, "cron", "").error(400, 40000).message()).isEqualTo("cron cannot be empty");
        assertThat(post(valid, "cron", "61 * * * *").error(400, 40000).message())
                .startsWith("Invalid cron expression: 61 * * * *");
        assertThat(post(valid, "cron", "0 0 30 2 *").error(400, 40000).message())
                .startsWith("Invalid cron expression: 0 0 30 2 *");
        assertThat(post(valid, "timezone", "Mars/Olympus").error(400, 40000).message())
                .isEqualTo("Invalid timezone: Mars/Olympus");
        post(valid, "timezone", "+02:00").error(400, 40000);
        post(valid, "project_id", bobsProject).error(404, 14001);
        post(valid, "project_id", UUID.randomUUID().toString()).error(404, 14001);
        post(valid, "project_id", "not-a-uuid").error(422, 40000);
        post(valid, "enabled", "maybe").error(422, 40000);
        post(valid, "config", Map.of("model", "no-such-model")).error(400, 40000);
        alice.post("/api/v1/scheduled-tasks", Map.of("name", "n", "cron", "* * * * *")).error(422, 40000);
        alice.post("/api/v1/scheduled-tasks", "{not json").error(400, 40000);
        alice.post("/api/v1/scheduled-tasks", Map.of("name", "n", "cron", "x".repeat(101), "prompt", "p"))
                .error(422, 40000);
        assertThat(alice.get("/api/v1/scheduled-tasks").ok()).isEmpty();

        String id = create(Map.of()).path("scheduled_task_id").asString();
        alice.patch("/api/v1/scheduled-tasks/" + id, Map.of("cron", "* * *")).error(400, 40000);
        alice.patch("/api/v1/scheduled-tasks/" + id, Map.of("timezone", "Nowhere")).error(400, 40000);
        alice.patch("/api/v1/scheduled-tasks/" + id, Map.of("prompt", "")).error(400, 40000);
        alice.patch("/api/v1/scheduled-tasks/" + id, "[1]").error(422, 40000);
        alice.get("/api/v1/scheduled-tasks/not-a-uuid").error(422, 40000);
        alice.get("/api/v1/scheduled-tasks/" + UUID.randomUUID()).error(404, 40400);
        alice.get("/api/v1/scheduled-tasks?limit=0").error(422, 40000);
        alice.get("/api/v1/scheduled-tasks/" + id + "/runs?limit=501").error(422, 40000);
        alice.get("/api/v1/scheduled-tasks/" + id + "/runs?offset=-1").error(422, 40000);
        alice.get("/api/v1/scheduled-tasks/preview?cron=bad").error(400, 40000);
        alice.get("/api/v1/scheduled-tasks/preview").error(400, 40000);
        alice.get("/api/v1/scheduled-tasks/preview?cron=*%20*%20*%20*%20*&timezone=Nowhere").error(400, 40000);
    }

    @Test
    void dispatchDueIsARunnerEndpointAndSchedulesDescribesTheDispatcher() {
        alice.post("/api/v1/internal/scheduled-tasks/dispatch-due", Map.of()).error(403, 40300);
        JsonNode result = runner.post("/api/v1/internal/scheduled-tasks/dispatch-due", Map.of("limit", 0)).ok();
        assertThat(result.has("dispatched")).isTrue();
        assertThat(result.path("run_ids").isArray()).isTrue();
        assertThat(result.has("skipped")).isTrue();
        assertThat(result.has("errors")).isTrue();

        JsonNode rules = alice.get("/api/v1/schedules").ok().path("rules");
        assertThat(rules.isArray()).isTrue();
        JsonNode dispatcher = rules.get(0);
        assertThat(dispatcher.path("id").asString()).isEqualTo("scheduled-tasks-dispatch");
        assertThat(dispatcher.path("kind").asString()).isEqualTo("interval");
        assertThat(dispatcher.path("enabled").asBoolean()).isFalse(); // off in this test server
        assertThat(dispatcher.path("schedule_modes").get(0).asString()).isEqualTo("scheduled");
        assertThat(dispatcher.path("jobs").get(0).has("next_run_time")).isTrue();

        // a runner that claims is described with the modes it takes, on any replica (it is in the database)
        String worker = "w-" + UUID.randomUUID();
        runner.post("/api/v1/runs/claim", Map.of("worker_id", worker, "schedule_modes", List.of("nightly"))).ok();
        JsonNode rule = runnerRule(worker);
        assertThat(rule).isNotNull();
        assertThat(rule.path("schedule_modes")).extracting(JsonNode::asString).containsExactly("nightly");
        assertThat(rule.has("last_claim_at")).isTrue();
        runner.post("/api/v1/internal/runs/claims/release", Map.of("worker_id", worker)).ok();
        assertThat(runnerRule(worker)).as("a stopped runner is no longer listed").isNull();
    }

    private JsonNode runnerRule(String worker) {
        for (JsonNode rule : alice.get("/api/v1/schedules").ok().path("rules")) {
            if (rule.path("id").asString().equals("runner:" + worker)) {
                return rule;
            }
        }
        return null;
    }

    private dev.poco.testkit.http.Reply post(Map<String, Object> valid, String field, Object value) {
        Map<String, Object> body = new HashMap<>(valid);
        body.put(field, value);
        return alice.post("/api/v1/scheduled-tasks", body);
    }

    private List<String> runsOf(String taskId) {
        return jdbc.sql("SELECT id::text FROM agent_runs WHERE scheduled_task_id = :id ORDER BY created_at")
                .param("id", UUID.fromString(taskId)).query(String.class).list();
    }
}
