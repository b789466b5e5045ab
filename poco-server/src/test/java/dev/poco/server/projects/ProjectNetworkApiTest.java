package dev.poco.server.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A project's {@code network} (issue 13): set on create and update, shown in the view, checked like a task's. */
class ProjectNetworkApiTest extends ApiTest {

    private static Map<String, Object> project(Object network) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Net");
        body.put("network", network);
        return body;
    }

    @Test
    void aProjectKeepsItsNetworkNormalisedUntilItIsChangedOrCleared() {
        JsonNode created = alice.post("/api/v1/projects", project(Map.of("mode", "Allowlist",
                "hosts", List.of("PyPI.org", "pypi.org", "*.example.com:8443")))).ok();
        assertThat(created.path("network").path("mode").asString()).isEqualTo("allowlist");
        assertThat(created.path("network").path("hosts")).extracting(JsonNode::asString)
                .containsExactly("pypi.org", "*.example.com:8443");
        String path = "/api/v1/projects/" + created.path("project_id").asString();
        assertThat(alice.get(path).ok().path("network")).isEqualTo(created.path("network"));

        JsonNode renamed = alice.patch(path, Map.of("name", "Renamed")).ok();
        assertThat(renamed.path("network")).as("absent: unchanged").isEqualTo(created.path("network"));

        JsonNode open = alice.patch(path, Map.of("network", Map.of("mode", "open"))).ok();
        assertThat(open.path("network").path("mode").asString()).isEqualTo("open");
        assertThat(open.path("network").path("hosts")).isEmpty();

        Map<String, Object> clear = new HashMap<>();
        clear.put("network", null);
        assertThat(alice.patch(path, clear).ok().path("network").isNull()).as("null: the server default").isTrue();
        assertThat(alice.get(path).ok().path("network").isNull()).isTrue();
    }

    @Test
    void aProjectWithoutANetworkShowsNull() {
        JsonNode created = alice.post("/api/v1/projects", Map.of("name", "Plain")).ok();
        assertThat(created.has("network")).isTrue();
        assertThat(created.path("network").isNull()).isTrue();
    }

    @Test
    void badNetworksAreRefusedWithAMessageOnCreateAndUpdate() {
        String path = "/api/v1/projects/" + alice.post("/api/v1/projects", Map.of("name", "Mine")).ok()
                .path("project_id").asString();
        List<String> tooMany = IntStream.rangeClosed(1, 201).mapToObj(i -> "h" + i + ".example.com").toList();
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("mode", "closed"), "Unknown network mode \"closed\": use none, allowlist or open.",
                Map.of("mode", "allowlist", "hosts", List.of("https://pypi.org/simple")),
                "Host pattern \"https://pypi.org/simple\" is not valid: write a host name, not a URL"
                        + " (for example pypi.org or *.npmjs.org).",
                Map.of("mode", "allowlist", "hosts", List.of("pypi.org:99999")),
                "Host pattern \"pypi.org:99999\" is not valid: the port must be a number from 1 to 65535.",
                Map.of("mode", "none", "hosts", List.of("pypi.org")),
                "network.hosts only goes with mode \"allowlist\"; mode \"none\" takes no hosts.",
                Map.of("mode", "allowlist", "hosts", tooMany),
                "network.hosts may name at most 200 hosts; it names 201.",
                Map.of("hosts", List.of("pypi.org")), "network.mode is required: use none, allowlist or open.");
        bad.forEach((network, message) -> {
            assertThat(alice.post("/api/v1/projects", project(network)).error(400, 40000).message())
                    .isEqualTo(message);
            assertThat(alice.patch(path, Map.of("network", network)).error(400, 40000).message())
                    .isEqualTo(message);
        });
        assertThat(alice.get(path).ok().path("network").isNull()).as("nothing stored").isTrue();
        assertThat(alice.get("/api/v1/projects").ok()).hasSize(1);
    }

    @Test
    void networksOfTheWrongTypeAreValidationErrors() {
        String path = "/api/v1/projects/" + alice.post("/api/v1/projects", Map.of("name", "Mine")).ok()
                .path("project_id").asString();
        for (Object network : List.of("open", List.of("pypi.org"), Map.of("mode", 5),
                Map.of("mode", "allowlist", "hosts", "pypi.org"), Map.of("mode", "allowlist", "hosts", List.of(5)))) {
            alice.post("/api/v1/projects", project(network)).error(422, 40000);
            alice.patch(path, Map.of("network", network)).error(422, 40000);
        }
    }
}
