package dev.poco.server.system;

import dev.poco.server.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input the database or Tomcat refuses still gets a 4xx envelope (needs system-fixes.patch). */
class MalformedInputApiTest extends ApiTest {

    @Test
    void aNulCharacterIsABadRequestNotAConflict() {
        String sid = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        alice.patch("/api/v1/sessions/" + sid, Map.of("title", "a\u0000b")).error(400, 40000);
        alice.post("/api/v1/tasks", Map.of("prompt", "\u0000", "schedule_mode", "never-claimed")).error(400, 40000);
        alice.get("/api/v1/sessions?kind=%00").error(400, 40000);
    }

    @Test
    void urlsTomcatRefusesGetTheEnvelope() {
        alice.get("/api/v1/attachments/..%2F..%2Fetc/content").error(400, 40000);
        alice.get("/api/v1/sessions/a%5Cb").error(400, 40000);
        alice.get("/api/v1/sessions?kind=" + "k".repeat(20000)).error(400, 40000);
    }

    @Test
    void aFractionIsNotAnInteger() {
        String sid = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        alice.post("/api/v1/sessions/" + sid + "/branch", Map.of("message_id", 1.5)).error(422, 40000);
    }
}
