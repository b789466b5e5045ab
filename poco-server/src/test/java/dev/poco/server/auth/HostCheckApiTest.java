package dev.poco.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** DNS rebinding: a request addressed to a name that is not this server's is refused with 421. */
class HostCheckApiTest extends ApiTest {

    private RawHttp.Answer get(String path, Map<String, String> headers) {
        return RawHttp.send(port, "GET", path, headers, "");
    }

    @Test
    void aForeignHostNameIsMisdirected() {
        RawHttp.Answer answer = get("/api/v1/health", Map.of("Host", "attacker.example:" + port));
        assertThat(answer.status()).isEqualTo(421);
        JsonNode body = Api.JSON.readTree(answer.body());
        assertThat(body.path("code").asInt()).isEqualTo(40000);
        assertThat(body.path("message").asString()).contains("attacker.example").contains("POCO_ALLOWED_HOSTS");
        assertThat(body.has("data")).isTrue();
    }

    @Test
    void runnersAndPagesAreHeldToTheSameRule() {
        assertThat(get("/api/v1/internal/attachments/content?source=x",
                Map.of("Host", "attacker.example", "X-Internal-Token", RUNNER_TOKEN)).status()).isEqualTo(421);
        assertThat(get("/", Map.of("Host", "attacker.example")).status()).isEqualTo(421);
        assertThat(get("/actuator/health", Map.of("Host", "attacker.example")).status()).isEqualTo(421);
        assertThat(RawHttp.send(port, "POST", "/api/v1/sessions", Map.of("Host", "attacker.example",
                "X-User-Id", "u"), "{}").status()).isEqualTo(421);
    }

    @Test
    void theLoopbackNamesAndTheMachinesHostnameAreServed() throws Exception {
        for (String host : new String[] {"localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST.",
                "127.0.0.1", InetAddress.getLocalHost().getHostName() + ":" + port}) {
            RawHttp.Answer answer = get("/api/v1/health", Map.of("Host", host));
            assertThat(answer.status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void aRequestWithoutHostIsNotABrowserAndIsServed() {
        assertThat(get("/api/v1/health", Map.of()).status()).isEqualTo(200);
    }
}
