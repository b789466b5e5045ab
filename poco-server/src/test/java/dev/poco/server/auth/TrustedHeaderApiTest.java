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
    void withoutAHeaderTheCallerIsDefault() {
        assertThat(anonymous.post("/api/v1/sessions", Map.of()).ok().path("user_id").asString()).isEqualTo("default");
        assertThat(anonymous.as("   ").post("/api/v1/sessions", Map.of()).ok().path("user_id").asString())
                .isEqualTo("default");
    }

    @Test
    void anOverlongUserIdIsABadRequest() {
        anonymous.as("u".repeat(256)).get("/api/v1/sessions").error(400, 40000);
        assertThat(anonymous.as("u".repeat(255)).get("/api/v1/sessions").ok()).isEmpty();
    }
}
