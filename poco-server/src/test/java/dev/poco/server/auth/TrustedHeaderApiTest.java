package dev.poco.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code trusted_header} mode: the caller is {@code X-User-Id} as sent (poco's identity rule, §1.5). */
class TrustedHeaderApiTest extends ApiTest {

    @Test
    void theHeaderIsTrimmedAndNamesTheOwner() {
        String id = "carol-" + java.util.UUID.randomUUID();
        String sessionId = anonymous.as("  " + id + "  ").post("/api/v1/sessions", Map.of()).ok()
                .path("session_id").asString();
        assertThat(anonymous.as(id).get("/api/v1/sessions/" + sessionId).ok().path("user_id").asString()).isEqualTo(id);
    }

    @Test
    void withoutAHeaderTheRequestIsUnauthenticatedNotTheDefaultUser() {
        assertThat(anonymous.post("/api/v1/sessions", Map.of()).error(401, 40100).message()).contains("X-User-Id");
        anonymous.as("   ").post("/api/v1/sessions", Map.of()).error(401, 40100);
        anonymous.get("/api/v1/sessions").error(401, 40100);
        anonymous.multipart("/api/v1/attachments/upload", "file", "a.txt", "text/plain", new byte[] {'x'})
                .error(401, 40100);
    }

    @Test
    void endpointsThatActForNoUserNeedNoHeader() {
        assertThat(anonymous.get("/api/v1/health").ok().path("status").asString()).isEqualTo("healthy");
        runner.post("/api/v1/runs/claim", Map.of("worker_id", "w-" + java.util.UUID.randomUUID(),
                "schedule_modes", java.util.List.of("nothing-queued-" + java.util.UUID.randomUUID()))).ok();
    }

    /** Issue 17: nothing but health and webhooks answers a stranger, not even what is the same for every user. */
    @Test
    void readsThatAreTheSameForEveryUserStillNeedAUser() {
        for (String path : java.util.List.of("/api/v1/models", "/api/v1/system/status", "/api/v1/schedules",
                "/api/v1/scheduled-tasks/preview?cron=@daily")) {
            assertThat(anonymous.get(path).error(401, 40100).message()).as(path).contains("X-User-Id");
            alice.get(path).ok();
        }
    }

    @Test
    void anOverlongUserIdIsABadRequest() {
        anonymous.as("u".repeat(256)).get("/api/v1/sessions").error(400, 40000);
        assertThat(anonymous.as("u".repeat(255)).get("/api/v1/sessions").ok()).isEmpty();
    }
}
