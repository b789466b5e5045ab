package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Origin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A task's network policy, from the API to the agent's Bash tool and back as the session's network list: the whole
 * product with the real CLI in bubblewrap. Local origins are private addresses, so the allowlist names them exactly.
 */
class NetworkPolicyTest extends EndToEndTest {

    private Origin allowed;
    private Origin other;

    @BeforeEach
    void origins() {
        allowed = Origin.text("the allowed origin answers");
        other = Origin.text("the other origin answers");
    }

    @AfterEach
    void stopOrigins() {
        allowed.close();
        other.close();
    }

    private static String lastToolResult(int requestCount) {
        RecordedRequest request = MODEL.awaitMessageRequests(requestCount, Duration.ofSeconds(30)).get(requestCount - 1);
        return request.toolResultContent(request.toolResultIds().getLast()).orElseThrow();
    }

    private String curlBoth() {
        return "curl -sS http://127.0.0.1:" + allowed.port() + "/; echo; curl -sS -o /dev/null -w"
                + " 'other: %{http_code}' http://127.0.0.1:" + other.port() + "/";
    }

    @Test
    void aTaskWithAnAllowlistReachesItsHostAndTheSessionListsEveryAttempt() {
        int before = MODEL.messageRequests().size();
        MODEL.enqueue(Reply.bash(curlBoth(), "Fetch both"), Reply.text("Fetched."));
        String allowedHost = "127.0.0.1:" + allowed.port();
        String sessionId = task(alice, Map.of("prompt", "Fetch both origins", "config",
                Map.of("network", Map.of("mode", "allowlist", "hosts", List.of(allowedHost))))).path("session_id")
                .asString();

        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        assertThat(lastToolResult(before + 2)).contains("the allowed origin answers").contains("other: 403");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                alice.get("/api/v1/sessions/" + sessionId + "/network").ok().size() == 2);
        JsonNode events = alice.get("/api/v1/sessions/" + sessionId + "/network").ok();
        assertThat(events.get(0).path("allowed").asBoolean()).isTrue();
        assertThat(events.get(0).path("reason").asString()).isEqualTo("allowlist entry " + allowedHost);
        assertThat(events.get(1).path("allowed").asBoolean()).isFalse();
        assertThat(events.get(1).path("reason").asString()).contains("is not in the run's allowlist");
        assertThat(events.get(0).path("tool_use_id").asString()).startsWith("toolu_");
        assertThat(bob.get("/api/v1/sessions/" + sessionId + "/network").status()).as("another user")
                .isIn(403, 404);
    }

    @Test
    void withoutAPolicyTheAgentHasNoNetworkAtAll() {
        int before = MODEL.messageRequests().size();
        MODEL.enqueue(Reply.bash(curlBoth(), "Fetch both"), Reply.text("No network."));
        String sessionId = task(alice, Map.of("prompt", "Fetch both origins")).path("session_id").asString();

        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        assertThat(lastToolResult(before + 2)).doesNotContain("the allowed origin answers").contains("other: 000");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/network").ok()).isEmpty();
    }

    @Test
    void aMalformedPolicyIsRefusedBeforeAnythingRuns() {
        var reply = alice.post("/api/v1/tasks", Map.of("prompt", "x", "config",
                Map.of("network", Map.of("mode", "allowlist", "hosts", List.of("https://pypi.org/simple")))));
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("not a URL");
        assertThat(alice.post("/api/v1/tasks", Map.of("prompt", "x", "config",
                Map.of("network", Map.of("mode", "everything")))).body())
                .contains("Unknown network mode \\\"everything\\\": use none, allowlist or open.");
    }
}
