package dev.poco.server.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /sessions/{id}/usage}: ResultMessages aggregated as poco does (reference §3.8). */
class UsageApiTest extends ApiTest {

    @Test
    void twoResultMessagesAreSummedKeyByKey() {
        FakeRunner fake = new FakeRunner(runner);
        String[] ids = startedRun(fake);
        String sessionId = ids[0];
        String runId = ids[1];
        fake.send(sessionId, runId, Sdk.result(0.0125, 1200, Map.of("input_tokens", 300, "output_tokens", 40,
                "service_tier", "standard", "cached", true)));
        fake.send(sessionId, runId, Sdk.result(0.5, 800, Map.of("input_tokens", 100, "output_tokens", 2,
                "service_tier", "priority", "cache_read_input_tokens", 7)));

        JsonNode usage = alice.get("/api/v1/sessions/" + sessionId + "/usage").ok();
        assertThat(usage.path("total_cost_usd").asDouble()).isCloseTo(0.5125, within(1e-9));
        assertThat(usage.path("total_duration_ms").asLong()).isEqualTo(2000);
        JsonNode merged = usage.path("usage_json");
        assertThat(merged.path("input_tokens").asLong()).isEqualTo(400);
        assertThat(merged.path("output_tokens").asLong()).isEqualTo(42);
        assertThat(merged.path("cache_read_input_tokens").asLong()).isEqualTo(7);
        assertThat(merged.path("service_tier").asString()).as("non-numbers: last wins").isEqualTo("priority");
        assertThat(merged.path("cached").asLong()).as("a bool counts as a number").isEqualTo(1);

        JsonNode runUsage = alice.get("/api/v1/runs/" + runId).ok().path("usage");
        assertThat(runUsage.path("total_duration_ms").asLong()).isEqualTo(2000);
    }

    @Test
    void theGatewaysMeteredUsageReplacesAForgedSelfReport() {
        FakeRunner fake = new FakeRunner(runner);
        String[] ids = startedRun(fake);
        String sessionId = ids[0];
        String runId = ids[1];
        // the CLI in the sandbox claims almost nothing
        fake.send(sessionId, runId, Sdk.result(0.02, 1500, Map.of("input_tokens", 1, "output_tokens", 1)));
        Map<String, Object> metered = Map.of("input_tokens", 320, "output_tokens", 40,
                "cache_creation_input_tokens", 5, "cache_read_input_tokens", 7, "requests", 2,
                "models", Map.of("claude-test", Map.of("input_tokens", 320, "output_tokens", 40,
                        "cache_creation_input_tokens", 5, "cache_read_input_tokens", 7, "requests", 2)));
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "run_id", runId, "seq", 1000,
                "status", "completed", "progress", 100, "gateway_usage", metered)).ok();

        JsonNode runUsage = alice.get("/api/v1/runs/" + runId).ok().path("usage");
        JsonNode tokens = runUsage.path("usage_json");
        assertThat(tokens.path("input_tokens").asLong()).as("%s", runUsage).isEqualTo(320);
        assertThat(tokens.path("output_tokens").asLong()).isEqualTo(40);
        assertThat(tokens.path("cache_creation_input_tokens").asLong()).isEqualTo(5);
        assertThat(tokens.path("cache_read_input_tokens").asLong()).isEqualTo(7);
        assertThat(tokens.path("model_requests").asLong()).isEqualTo(2);
        assertThat(tokens.path("usage_source").asString()).isEqualTo("gateway");
        assertThat(tokens.path("models").path("claude-test").path("output_tokens").asLong()).isEqualTo(40);
        assertThat(runUsage.path("total_duration_ms").asLong()).as("the turn's duration is the CLI's").isEqualTo(1500);
        JsonNode session = alice.get("/api/v1/sessions/" + sessionId + "/usage").ok().path("usage_json");
        assertThat(session.path("input_tokens").asLong()).as("the self-report is not counted as well").isEqualTo(320);
    }

    @Test
    void withoutGatewayUsageAnOldRunnersSelfReportStays() {
        FakeRunner fake = new FakeRunner(runner);
        String[] ids = startedRun(fake);
        String sessionId = ids[0];
        String runId = ids[1];
        fake.send(sessionId, runId, Sdk.result(0.02, 1500, Map.of("input_tokens", 11, "output_tokens", 3)));
        fake.complete(sessionId, runId);

        JsonNode tokens = alice.get("/api/v1/runs/" + runId).ok().path("usage").path("usage_json");
        assertThat(tokens.path("input_tokens").asLong()).isEqualTo(11);
        assertThat(tokens.has("usage_source")).isFalse();
    }

    @Test
    void theGatewaysTokensArePricedByModelFamilyAndReachTheUsagePage() {
        FakeRunner fake = new FakeRunner(runner);
        String project = alice.post("/api/v1/projects", Map.of("name", "Billing")).ok().path("project_id").asString();
        Map<String, Object> body = fake.task("price me");
        body.put("project_id", project);
        JsonNode task = alice.post("/api/v1/tasks", body).ok();
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        fake.start(runId);
        fake.send(sessionId, runId, Sdk.result(0.0001, 900, Map.of("input_tokens", 1, "output_tokens", 1)));
        Map<String, Object> sonnet = Map.of("input_tokens", 1_000_000, "output_tokens", 100_000,
                "cache_creation_input_tokens", 0, "cache_read_input_tokens", 1_000_000, "requests", 3);
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "run_id", runId, "seq", 1000,
                "status", "completed", "progress", 100, "gateway_usage", Map.of("input_tokens", 1_000_000,
                        "output_tokens", 100_000, "cache_creation_input_tokens", 0, "cache_read_input_tokens",
                        1_000_000, "requests", 3, "models", Map.of("claude-sonnet-4-5", sonnet)))).ok();

        // $3 per million input, $15 per million output, cache reads a tenth of input
        JsonNode run = alice.get("/api/v1/runs/" + runId).ok().path("usage");
        assertThat(run.path("total_cost_usd").asDouble()).isCloseTo(3 + 1.5 + 0.3, within(1e-6));
        assertThat(run.path("usage_json").path("cost_source").asString()).isEqualTo("price_table");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/usage").ok().path("total_cost_usd").asDouble())
                .isCloseTo(4.8, within(1e-6));

        JsonNode summary = alice.get("/api/v1/usage/summary?days=7").ok();
        assertThat(summary.path("total").path("cost_usd").asDouble()).isCloseTo(4.8, within(1e-6));
        assertThat(summary.path("total").path("input_tokens").asLong()).isEqualTo(1_000_000);
        assertThat(summary.path("total").path("runs").asLong()).isEqualTo(1);
        assertThat(summary.path("by_day")).hasSize(1);
        assertThat(summary.path("by_day").get(0).path("output_tokens").asLong()).isEqualTo(100_000);
        assertThat(summary.path("by_project").get(0).path("name").asString()).isEqualTo("Billing");
        JsonNode model = summary.path("by_model").get(0);
        assertThat(model.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(model.path("requests").asLong()).isEqualTo(3);
        assertThat(model.path("cost_usd").asDouble()).isCloseTo(4.8, within(1e-6));
        assertThat(summary.path("budget").path("monthly_budget_usd").asDouble()).isEqualTo(MONTHLY_BUDGET_USD);
        assertThat(summary.path("budget").path("spent_usd").asDouble()).isCloseTo(4.8, within(1e-6));
        assertThat(summary.path("budget").path("exceeded").asBoolean()).isFalse();

        JsonNode others = bob.get("/api/v1/usage/summary").ok();
        assertThat(others.path("total").path("runs").asLong()).isZero();
        assertThat(others.path("by_day")).isEmpty();
        alice.get("/api/v1/usage/summary?days=0").error(422, 40000);
        alice.get("/api/v1/usage/summary?days=367").error(422, 40000);
    }

    @Test
    void pastTheMonthlyBudgetNewTasksAreRefusedWithTheFigures() {
        FakeRunner fake = new FakeRunner(runner);
        String[] ids = startedRun(fake);
        alice.post("/api/v1/tasks", fake.followUp(ids[0], "still within")).ok();
        fake.send(ids[0], ids[1], Sdk.result(MONTHLY_BUDGET_USD + 0.5, 100, Map.of("input_tokens", 1)));

        var refused = alice.post("/api/v1/tasks", fake.task("one more")).error(403, 10101);
        assertThat(refused.message()).startsWith("Monthly budget reached: $1000.50 of $1000.00");
        assertThat(refused.data().path("spent_usd").asDouble()).isCloseTo(1000.5, within(1e-6));
        alice.post("/api/v1/tasks", fake.followUp(ids[0], "a follow-up too")).error(403, 10101);
        assertThat(alice.get("/api/v1/usage/summary").ok().path("budget").path("exceeded").asBoolean()).isTrue();
        bob.post("/api/v1/tasks", fake.task("another user's budget is their own")).ok();
    }

    /** A task's run, claimed and started by {@code fake}: its session id and run id. */
    private String[] startedRun(FakeRunner fake) {
        JsonNode task = alice.post("/api/v1/tasks", fake.task("count")).ok();
        String runId = task.path("run_id").asString();
        fake.start(runId);
        return new String[] {task.path("session_id").asString(), runId};
    }

    @Test
    void aSessionWithoutUsageHasAllNulls() {
        String sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        JsonNode usage = alice.get("/api/v1/sessions/" + sessionId + "/usage").ok();
        assertThat(usage.path("total_cost_usd").isNull()).isTrue();
        assertThat(usage.path("total_duration_ms").isNull()).isTrue();
        assertThat(usage.path("usage_json").isNull()).isTrue();
    }

    @Test
    void anotherUsersUsageIsForbidden() {
        String sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        bob.get("/api/v1/sessions/" + sessionId + "/usage").error(403, 40300);
        alice.get("/api/v1/sessions/" + UUID.randomUUID() + "/usage").error(404, 40400);
        alice.get("/api/v1/sessions/123/usage").error(422, 40000);
    }
}
