package dev.poco.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.http.Api;
import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Reply;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint meant for runners (claim, start, fail, heartbeat, watch, callback and
 * {@code /internal/**}) answers 403 with code 40300 to callers without the runner token.
 */
class RunnerTokenApiTest extends ApiTest {

    private static final String RUN = "/api/v1/runs/" + UUID.randomUUID();

    private List<Function<Api, Reply>> runnerCalls() {
        Map<String, Object> worker = Map.of("worker_id", "w");
        return List.of(
                api -> api.post("/api/v1/runs/claim", Map.of("worker_id", "w", "schedule_modes", List.of("none"))),
                api -> api.post(RUN + "/start", worker),
                api -> api.post(RUN + "/fail", worker),
                api -> api.post(RUN + "/heartbeat", worker),
                api -> api.get(RUN + "/watch?wait_seconds=0"),
                api -> api.post("/api/v1/callback", Map.of("session_id", UUID.randomUUID().toString(),
                        "status", "running", "progress", 1)),
                api -> api.post("/api/v1/internal/user-input-requests", Map.of("session_id",
                        UUID.randomUUID().toString(), "tool_name", "AskUserQuestion", "tool_input", Map.of())),
                api -> api.get("/api/v1/internal/user-input-requests/" + UUID.randomUUID()),
                api -> api.get("/api/v1/internal/attachments/content?source=attachments/a/b/file"),
                api -> api.post("/api/v1/internal/runs/" + UUID.randomUUID() + "/network-events",
                        Map.of("events", List.of())),
                api -> api.sendAs("PUT", "/api/v1/internal/sessions/" + UUID.randomUUID()
                        + "/computer/browser/toolu_1", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}),
                api -> api.get("/api/v1/internal/anything-else"));
    }

    @Test
    void withoutTheTokenEveryRunnerEndpointIsForbidden() {
        for (Function<Api, Reply> call : runnerCalls()) {
            Reply reply = call.apply(anonymous);
            reply.error(403, 40300);
            assertThat(reply.message()).contains("runner token");
            call.apply(alice).error(403, 40300);
        }
    }

    @Test
    void aWrongTokenIsForbiddenToo() {
        Api wrong = alice.withHeader("X-Internal-Token", "not-the-token");
        Api wrongBearer = anonymous.withHeader("Authorization", "Bearer not-the-token");
        for (Function<Api, Reply> call : runnerCalls()) {
            Reply reply = call.apply(wrong);
            reply.error(403, 40300);
            assertThat(reply.message()).isEqualTo("Invalid internal token");
            call.apply(wrongBearer).error(403, 40300);
        }
    }

    @Test
    void theTokenIsAcceptedAsHeaderOrBearer() {
        Map<String, Object> claim = Map.of("worker_id", "w", "schedule_modes", List.of("nothing-" + UUID.randomUUID()));
        assertThat(runner.post("/api/v1/runs/claim", claim).ok().isNull()).isTrue();
        Api bearer = anonymous.withHeader("Authorization", "Bearer " + RUNNER_TOKEN);
        assertThat(bearer.post("/api/v1/runs/claim", claim).ok().isNull()).isTrue();
        bearer.get("/api/v1/internal/user-input-requests/" + UUID.randomUUID()).error(404, 40400);
    }

    @Test
    void theTokenGrantsNoAccessToUsersData() {
        String sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        runner.as("mallory").get("/api/v1/sessions/" + sessionId).error(403, 40300);
    }
}
