package dev.poco.server.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Personal API tokens (issue 17, part 4): created once, listed without the secret, scoped, expired, revoked. */
class ApiTokenApiTest extends ApiTest {

    @Autowired
    JdbcClient jdbc;

    private JsonNode create(Api who, String name, @Nullable String scope, @Nullable Integer days) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        if (scope != null) {
            body.put("scope", scope);
        }
        if (days != null) {
            body.put("expires_in_days", days);
        }
        return who.post("/api/v1/tokens", body).ok();
    }

    private Api bearer(String token) {
        return anonymous.withHeader("Authorization", "Bearer " + token);
    }

    @Test
    void aTokenIsShownOnceListedWithoutItsSecretAndActsForItsUser() {
        JsonNode created = create(alice, "ci", "write", 30);
        String token = created.path("token").asString();
        assertThat(token).startsWith("poco_pat_").hasSize("poco_pat_".length() + 40);
        assertThat(token).startsWith(created.path("prefix").asString());
        assertThat(created.path("scope").asString()).isEqualTo("write");
        assertThat(created.path("expires_at").isNull()).isFalse();

        Reply list = alice.get("/api/v1/tokens");
        assertThat(list.body()).doesNotContain(token);
        JsonNode listed = list.ok().get(0);
        assertThat(listed.path("id").asString()).isEqualTo(created.path("id").asString());
        assertThat(listed.path("name").asString()).isEqualTo("ci");
        assertThat(listed.has("token")).isFalse();
        assertThat(listed.path("last_used_at").isNull()).isTrue();

        // no X-User-Id at all (trusted_header mode): the token alone names alice
        String sessionId = bearer(token).post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("user_id").asString())
                .isEqualTo(alice.headers().get("X-User-Id"));
        // and it wins over a header naming someone else
        assertThat(bearer(token).as("mallory").get("/api/v1/sessions/" + sessionId).ok().path("session_id")
                .asString()).isEqualTo(sessionId);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(alice.get("/api/v1/tokens").ok().get(0).path("last_used_at").isNull()).isFalse());

        alice.delete("/api/v1/tokens/" + created.path("id").asString()).ok();
        assertThat(alice.get("/api/v1/tokens").ok()).isEmpty();
        Reply refused = bearer(token).get("/api/v1/sessions").error(401, 40100);
        assertThat(refused.message()).contains("revoked").doesNotContain(token);
    }

    @Test
    void aReadTokenMayOnlyRead() {
        String token = create(alice, "dashboard", "read", null).path("token").asString();
        assertThat(bearer(token).get("/api/v1/sessions").ok()).isEmpty();
        Reply post = bearer(token).post("/api/v1/sessions", Map.of()).error(403, 40300);
        assertThat(post.message()).contains("scope read").contains("GET").doesNotContain(token);
        bearer(token).delete("/api/v1/tokens/" + java.util.UUID.randomUUID()).error(403, 40300);
    }

    @Test
    void expiredMalformedAndUnknownTokensAreRefusedWithoutEchoingThem() {
        JsonNode created = create(alice, "short-lived", null, 1);
        String token = created.path("token").asString();
        bearer(token).get("/api/v1/sessions").ok();
        jdbc.sql("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = :id")
                .param("id", java.util.UUID.fromString(created.path("id").asString())).update();
        Reply expired = bearer(token).get("/api/v1/sessions").error(401, 40100);
        assertThat(expired.message()).contains("expired").doesNotContain(token);
        assertThat(alice.get("/api/v1/tokens").ok().get(0).path("expired").asBoolean()).isTrue();

        String malformed = "poco_pat_short!";
        assertThat(bearer(malformed).get("/api/v1/sessions").error(401, 40100).message()).contains("Malformed")
                .doesNotContain(malformed);
        String unknown = "poco_pat_" + "A".repeat(40);
        assertThat(bearer(unknown).get("/api/v1/sessions").error(401, 40100).message()).contains("Unknown")
                .doesNotContain(unknown);
        // refused even alongside a valid user header: a bad credential is never ignored
        bearer(unknown).as("alice").get("/api/v1/sessions").error(401, 40100);
    }

    @Test
    void tokensBelongToTheirUser() {
        JsonNode created = create(alice, "mine", null, null);
        String id = created.path("id").asString();
        assertThat(bob.get("/api/v1/tokens").ok()).isEmpty();
        bob.delete("/api/v1/tokens/" + id).error(404, 40400);
        alice.delete("/api/v1/tokens/" + id).ok();
        alice.delete("/api/v1/tokens/" + id).error(404, 40400);
        alice.delete("/api/v1/tokens/not-a-uuid").error(422, 40000);
    }

    @Test
    void badRequestsAreExplained() {
        assertThat(alice.post("/api/v1/tokens", Map.of()).error(400, 40000).message()).contains("name");
        assertThat(alice.post("/api/v1/tokens", Map.of("name", "x", "scope", "admin")).error(400, 40000).message())
                .contains("read or write");
        assertThat(alice.post("/api/v1/tokens", Map.of("name", "x", "expires_in_days", 0)).error(400, 40000)
                .message()).contains("expires_in_days");
        alice.post("/api/v1/tokens", Map.of("name", "x".repeat(101))).error(400, 40000);
        anonymous.post("/api/v1/tokens", Map.of("name", "x")).error(401, 40100);
    }
}
