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
        JsonNode task = alice.post("/api/v1/tasks", fake.task("count")).ok();
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        fake.start(runId);
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
