package dev.poco.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Reply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Operations: actuator health with the database, Prometheus metrics, the OpenAPI document and Swagger UI. */
class ObservabilityApiTest extends ApiTest {

    @Test
    void actuatorHealthChecksTheDatabase() {
        JsonNode health = anonymous.get("/actuator/health").json();
        assertThat(health.path("status").asString()).isEqualTo("UP");
    }

    @Test
    void healthProbesNeedNoToken() {
        assertThat(anonymous.get("/actuator/health/liveness").json().path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/health/readiness").json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void everyOtherActuatorEndpointNeedsTheInternalToken() {
        for (String path : java.util.List.of("/actuator/prometheus", "/actuator/info", "/actuator",
                "/actuator/metrics", "/actuator/env")) {
            assertThat(anonymous.get(path).error(403, 40300).message()).as(path).contains("INTERNAL_API_TOKEN");
            alice.get(path).error(403, 40300);
            anonymous.withHeader("X-Internal-Token", "wrong").get(path).error(403, 40300);
        }
        assertThat(runner.get("/actuator/info").status()).isEqualTo(200);
        assertThat(anonymous.withHeader("Authorization", "Bearer " + RUNNER_TOKEN).get("/actuator/prometheus")
                .status()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsIncludeHttpRequests() {
        alice.get("/api/v1/health").ok();
        Reply metrics = runner.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("http_server_requests_seconds").contains("hikaricp_connections")
                .contains("application=\"poco\"");
    }

    @Test
    void theOpenApiDocumentDescribesPocosEndpoints() {
        JsonNode doc = anonymous.get("/openapi.json").json();
        assertThat(doc.path("openapi").asString()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        assertThat(paths.has("/api/v1/tasks")).isTrue();
        assertThat(paths.has("/api/v1/runs/claim")).isTrue();
        assertThat(paths.has("/api/v1/sessions/{sessionId}/events")).isTrue();
        assertThat(anonymous.get("/docs").status()).isIn(200, 302);
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void secretLookingQueryValuesAreMaskedInTheRequestLog() {
        assertThat(RequestLogFilter.redactQuery("token=abc&page=2&api_key=xyz&X-Internal-Token=t"))
                .isEqualTo("?token=***&page=2&api_key=***&X-Internal-Token=***");
        assertThat(RequestLogFilter.redactQuery(null)).isEmpty();
        assertThat(RequestLogFilter.redactQuery("code=c0de&state=st4te&error=access_denied&invite=inv&encode=1"))
                .isEqualTo("?code=***&state=***&error=access_denied&invite=***&encode=1");
    }
}
