package dev.poco.server.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** poco's liveness endpoints, request ids, and the envelope for routing errors. */
class HealthApiTest extends ApiTest {

    @Test
    void rootAndHealthAnswerWithTheServiceNameInTheEnvelope() {
        JsonNode root = anonymous.get("/api/v1/").ok();
        assertThat(root.path("service").asString()).isEqualTo("Poco");
        assertThat(root.path("status").asString()).isEqualTo("running");
        assertThat(root.path("version").asString()).isEqualTo("0.1.0");
        assertThat(anonymous.get("/api/v1").ok().path("status").asString()).isEqualTo("running");

        JsonNode health = anonymous.get("/api/v1/health").ok();
        assertThat(health.path("service").asString()).isEqualTo("Poco");
        assertThat(health.path("status").asString()).isEqualTo("healthy");
    }

    @Test
    void callbackHealthIsARawObjectWithoutTheEnvelope() {
        Reply reply = anonymous.get("/api/v1/callback/health");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("status").asString()).isEqualTo("healthy");
        assertThat(body.path("service").asString()).isEqualTo("callback-receiver");
        assertThat(body.has("code")).isFalse();
        assertThat(body.has("data")).isFalse();
    }

    @Test
    void aSentRequestIdIsEchoedAndAMissingOneIsGeneratedAs32Hex() {
        Reply echoed = anonymous.withHeader("X-Request-ID", "req-42.a_b").withHeader("X-Trace-ID", "trace-7")
                .get("/api/v1/health");
        assertThat(echoed.header("X-Request-ID")).isEqualTo("req-42.a_b");
        assertThat(echoed.header("X-Trace-ID")).isEqualTo("trace-7");

        Reply generated = anonymous.get("/api/v1/health");
        assertThat(generated.header("X-Request-ID")).matches("[0-9a-f]{32}");
        assertThat(generated.header("X-Trace-ID")).matches("[0-9a-f]{32}");
        assertThat(anonymous.get("/api/v1/health").header("X-Request-ID"))
                .as("a new id per request").isNotEqualTo(generated.header("X-Request-ID"));
    }

    @Test
    void anIdThatCouldForgeLogLinesIsReplaced() {
        Reply reply = anonymous.withHeader("X-Request-ID", "a b\"c").get("/api/v1/health");
        assertThat(reply.header("X-Request-ID")).matches("[0-9a-f]{32}");
    }

    @Test
    void errorsCarryTheRequestIdToo() {
        Reply reply = anonymous.withHeader("X-Request-ID", "err-1").get("/api/v1/no-such-route");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.header("X-Request-ID")).isEqualTo("err-1");
    }

    @Test
    void anUnknownRouteIsFastApisNotFound() {
        for (Reply reply : java.util.List.of(anonymous.get("/api/v1/no-such-route"),
                alice.post("/api/v1/no/such/thing", Map.of()), anonymous.get("/api/v2/health"),
                alice.delete("/api/v1/sessions/x/nothing/here"))) {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.header("Content-Type")).startsWith("application/json");
            assertThat(reply.json().properties()).hasSize(1);
            assertThat(reply.json().path("detail").asString()).isEqualTo("Not Found");
        }
    }

    @Test
    void errorRequestedDirectlyIsAnUnknownRouteNotA500() {
        for (String method : java.util.List.of("GET", "POST", "DELETE")) {
            Reply reply = alice.send(method, "/error", null);
            assertThat(reply.status()).as(method + " /error").isEqualTo(404);
            assertThat(reply.json().path("detail").asString()).isEqualTo("Not Found");
        }
    }

    @Test
    void suspiciousUrlsAreRefusedWithAnEnvelope() {
        alice.get("/api/v1/sessions/x/%2e%2e/%2e%2e/health").error(400, 40000);
        alice.get("/api/v1//sessions").error(400, 40000);
        alice.get("/api/v1/sessions;jsessionid=abc").error(400, 40000);
    }

    @Test
    void aWrongMethodIsA405EnvelopeThatNamesTheAllowedMethods() {
        Reply health = anonymous.delete("/api/v1/health").error(405, 40000);
        assertThat(health.header("Allow")).isEqualTo("GET");
        assertThat(health.data().path("allowed").get(0).asString()).isEqualTo("GET");
        Reply tasks = alice.put("/api/v1/tasks", Map.of("prompt", "x")).error(405, 40000);
        assertThat(tasks.header("Allow")).isEqualTo("POST");
        assertThat(tasks.message()).contains("POST");
        assertThat(alice.get("/api/v1/tasks").error(405, 40000).header("Allow")).isEqualTo("POST");
    }

    @Test
    void aBodyThatIsNotJsonIsA415Envelope() {
        alice.sendAs("POST", "/api/v1/tasks", "text/plain", "prompt=hi".getBytes(StandardCharsets.UTF_8))
                .error(415, 40000);
        alice.sendAs("POST", "/api/v1/sessions", "application/x-www-form-urlencoded",
                "a=b".getBytes(StandardCharsets.UTF_8)).error(415, 40000);
        alice.sendAs("POST", "/api/v1/tasks", null, "{\"prompt\":\"hi\"}".getBytes(StandardCharsets.UTF_8))
                .error(415, 40000);
    }
}
