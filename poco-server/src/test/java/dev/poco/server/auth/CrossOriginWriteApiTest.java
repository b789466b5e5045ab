package dev.poco.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CSRF: browsers may not write on behalf of another site; same-origin pages and non-browser clients may. */
class CrossOriginWriteApiTest extends ApiTest {

    private Api from(Api client, String origin) {
        return client.withHeader("Origin", origin);
    }

    @Test
    void aWriteFromAnotherOriginIsRefused() {
        for (String origin : new String[] {"http://attacker.example", "http://127.0.0.1:" + (port + 1),
                "https://localhost.attacker.example:" + port, "null", "file://", "not a url"}) {
            assertThat(from(alice, origin).post("/api/v1/sessions", Map.of()).error(403, 40300).message())
                    .as(origin).contains("Cross-origin").contains("POCO_ALLOWED_HOSTS");
        }
        String sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        from(alice, "http://attacker.example").patch("/api/v1/sessions/" + sessionId, Map.of("title", "x"))
                .error(403, 40300);
        from(alice, "http://attacker.example").delete("/api/v1/sessions/" + sessionId).error(403, 40300);
        from(alice, "http://attacker.example").put("/api/v1/sessions/" + sessionId, Map.of()).error(403, 40300);
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("title").isNull()).isTrue();
    }

    @Test
    void aMultipartUploadFromAnotherOriginIsRefused() {
        from(alice, "http://attacker.example").multipart("/api/v1/attachments/upload", "file", "a.txt", "text/plain",
                "x".getBytes(StandardCharsets.UTF_8)).error(403, 40300);
        alice.withHeader("Sec-Fetch-Site", "cross-site").multipart("/api/v1/attachments/upload", "file", "a.txt",
                "text/plain", "x".getBytes(StandardCharsets.UTF_8)).error(403, 40300);
    }

    @Test
    void aWriteTheBrowserMarksCrossSiteIsRefusedEvenWithoutOrigin() {
        alice.withHeader("Sec-Fetch-Site", "cross-site").post("/api/v1/sessions", Map.of()).error(403, 40300);
    }

    @Test
    void sameOriginPagesAndNonBrowserClientsWrite() {
        for (String origin : new String[] {"http://127.0.0.1:" + port, "http://localhost:" + port,
                "http://[::1]:" + port}) {
            from(alice, origin).withHeader("Sec-Fetch-Site", "same-origin").post("/api/v1/sessions", Map.of()).ok();
        }
        alice.post("/api/v1/sessions", Map.of()).ok();
        alice.withHeader("Sec-Fetch-Site", "none").post("/api/v1/sessions", Map.of()).ok();
    }

    @Test
    void readsFromAnotherOriginAreNotWrites() {
        from(alice, "http://attacker.example").withHeader("Sec-Fetch-Site", "cross-site").get("/api/v1/sessions").ok();
    }
}
