package dev.poco.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.network.NetworkProperties;
import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: the network a run gets. The session keeps what the user chose; each run's snapshot holds the effective
 * policy (task or session > project > POCO_NETWORK_DEFAULT, which is {@code none} on the test server, and an
 * allowlist always with the default hosts), and the claim's typed spec reads it as the runner will.
 */
class TaskNetworkApiTest extends ApiTest {

    @Autowired
    private NetworkProperties settings;

    private FakeRunner fake;

    @BeforeEach
    void fakeRunner() {
        fake = new FakeRunner(runner);
    }

    private Map<String, Object> task(String prompt, @Nullable Object network, Object... pairs) {
        Map<String, Object> body = fake.task(prompt);
        if (network != null) {
            body.put("config", Map.of("network", network));
        }
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    private JsonNode runNetwork(JsonNode task) {
        return alice.get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("config_snapshot")
                .path("network");
    }

    private JsonNode sessionNetwork(JsonNode task) {
        return alice.get("/api/v1/sessions/" + task.path("session_id").asString()).ok().path("config_snapshot")
                .path("network");
    }

    private List<String> defaultsPlus(String... hosts) {
        List<String> all = new ArrayList<>(settings.allowlist());
        all.addAll(List.of(hosts));
        return all;
    }

    private static List<String> hosts(JsonNode policy) {
        List<String> hosts = new ArrayList<>();
        policy.path("hosts").forEach(h -> hosts.add(h.asString()));
        return hosts;
    }

    private String project(@Nullable Object network) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Net");
        body.put("network", network);
        return alice.post("/api/v1/projects", body).ok().path("project_id").asString();
    }

    @Test
    void withoutAChoiceARunGetsTheServerDefaultOfNoNetwork() {
        JsonNode task = alice.post("/api/v1/tasks", task("offline", null)).ok();
        assertThat(runNetwork(task).toString()).isEqualTo("{\"mode\":\"none\"}");
        assertThat(sessionNetwork(task).isMissingNode() || sessionNetwork(task).isNull())
                .as("the session records no choice").isTrue();
        JsonNode claimed = fake.claim();
        assertThat(claimed).isNotNull();
        assertThat(claimed.path("spec").path("network").path("mode").asString()).isEqualTo("none");
    }

    @Test
    void anAllowlistTaskGetsTheDefaultHostsPlusItsOwnOnceAndTheSpecCarriesThem() {
        JsonNode task = alice.post("/api/v1/tasks", task("install", Map.of("mode", "allowlist",
                "hosts", List.of("Internal.Example.com", "pypi.org", "127.0.0.1:8080")))).ok();

        JsonNode policy = runNetwork(task);
        assertThat(policy.path("mode").asString()).isEqualTo("allowlist");
        assertThat(hosts(policy)).isEqualTo(defaultsPlus("internal.example.com", "127.0.0.1:8080"));
        assertThat(sessionNetwork(task).toString()).as("the session keeps the user's choice, normalised")
                .isEqualTo("{\"mode\":\"allowlist\",\"hosts\":[\"internal.example.com\",\"pypi.org\",\"127.0.0.1:8080\"]}");

        JsonNode claimed = fake.claim();
        assertThat(claimed).isNotNull();
        JsonNode spec = claimed.path("spec").path("network");
        assertThat(spec.path("mode").asString()).isEqualTo("allowlist");
        assertThat(hosts(spec)).isEqualTo(hosts(policy));
    }

    @Test
    void anAllowlistWithoutHostsIsTheDefaultAllowlist() {
        JsonNode task = alice.post("/api/v1/tasks", task("registries", Map.of("mode", "allowlist"))).ok();
        assertThat(hosts(runNetwork(task))).isEqualTo(settings.allowlist()).contains("pypi.org", "*.npmjs.org");
    }

    @Test
    void theProjectsNetworkAppliesUntilTheSessionChoosesItsOwn() {
        String projectId = project(Map.of("mode", "open"));
        JsonNode first = alice.post("/api/v1/tasks", task("first", null, "project_id", projectId)).ok();
        assertThat(runNetwork(first).toString()).isEqualTo("{\"mode\":\"open\"}");
        String sessionId = first.path("session_id").asString();

        JsonNode followUp = alice.post("/api/v1/tasks", task("second", null, "session_id", sessionId)).ok();
        assertThat(runNetwork(followUp).toString()).as("the session's project, though not named")
                .isEqualTo("{\"mode\":\"open\"}");

        JsonNode own = alice.post("/api/v1/tasks", task("third", Map.of("mode", "none"), "session_id", sessionId))
                .ok();
        assertThat(runNetwork(own).toString()).as("the task beats the project").isEqualTo("{\"mode\":\"none\"}");
        JsonNode later = alice.post("/api/v1/tasks", task("fourth", null, "session_id", sessionId)).ok();
        assertThat(runNetwork(later).toString()).as("the session remembers its choice").isEqualTo("{\"mode\":\"none\"}");

        Map<String, Object> cleared = fake.followUp(sessionId, "fifth");
        Map<String, Object> config = new HashMap<>();
        config.put("network", null);
        cleared.put("config", config);
        assertThat(runNetwork(alice.post("/api/v1/tasks", cleared).ok()).toString())
                .as("null: back to the project's").isEqualTo("{\"mode\":\"open\"}");
    }

    @Test
    void aProjectAllowlistIsMergedWithTheDefaultsAndATaskCanReplaceItWhole() {
        String projectId = project(Map.of("mode", "allowlist", "hosts", List.of("mirror.corp.example")));
        JsonNode first = alice.post("/api/v1/tasks", task("first", null, "project_id", projectId)).ok();
        assertThat(hosts(runNetwork(first))).isEqualTo(defaultsPlus("mirror.corp.example"));

        JsonNode own = alice.post("/api/v1/tasks", task("mine", Map.of("mode", "allowlist",
                "hosts", List.of("*.example.org")), "project_id", projectId)).ok();
        assertThat(hosts(runNetwork(own))).as("the task's hosts, not the project's")
                .isEqualTo(defaultsPlus("*.example.org"));

        String sessionId = own.path("session_id").asString();
        JsonNode open = alice.post("/api/v1/tasks", task("open", Map.of("mode", "open"), "session_id", sessionId))
                .ok();
        assertThat(sessionNetwork(open).toString()).as("replaced whole, no hosts left over")
                .isEqualTo("{\"mode\":\"open\",\"hosts\":[]}");
        assertThat(runNetwork(open).toString()).isEqualTo("{\"mode\":\"open\"}");
    }

    @Test
    void aSessionCreatedWithANetworkGivesItToItsTasks() {
        JsonNode session = alice.post("/api/v1/sessions", Map.of("config",
                Map.of("network", Map.of("mode", "ALLOWLIST", "hosts", List.of("Example.com"))))).ok();
        assertThat(session.path("config_snapshot").path("network").toString())
                .isEqualTo("{\"mode\":\"allowlist\",\"hosts\":[\"example.com\"]}");
        JsonNode task = alice.post("/api/v1/tasks", task("go", null, "session_id",
                session.path("session_id").asString())).ok();
        assertThat(hosts(runNetwork(task))).isEqualTo(defaultsPlus("example.com"));
    }

    @Test
    void aRegeneratedRunGetsTheEffectivePolicyToo() {
        String projectId = project(Map.of("mode", "allowlist", "hosts", List.of("mirror.corp.example")));
        JsonNode task = alice.post("/api/v1/tasks", task("q", null, "project_id", projectId)).ok();
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();
        fake.start(runId);
        fake.send(sessionId, runId, Sdk.assistantText("a"));
        fake.complete(sessionId, runId);
        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        try {
            JsonNode again = alice.post("/api/v1/sessions/" + sessionId + "/regenerate", Map.of(
                    "user_message_id", messages.get(0).path("id").asLong(),
                    "assistant_message_id", messages.get(1).path("id").asLong())).ok();
            JsonNode policy = runNetwork(again);
            assertThat(policy.path("mode").asString()).isEqualTo("allowlist");
            assertThat(hosts(policy)).isEqualTo(defaultsPlus("mirror.corp.example"));
        } finally {
            alice.post("/api/v1/sessions/" + sessionId + "/cancel", Map.of()); // an "immediate" run: leave none
        }
    }

    @Test
    void badNetworksAreRefusedWithAMessageAndQueueNothing() {
        List<String> tooMany = IntStream.rangeClosed(1, 201).mapToObj(i -> "h" + i + ".example.com").toList();
        Map<Map<String, Object>, String> bad = Map.of(
                Map.of("mode", "x"), "Unknown network mode \"x\": use none, allowlist or open.",
                Map.of("mode", "allowlist", "hosts", List.of("pypi.org", "*bad*.example.com")),
                "Host pattern \"*bad*.example.com\" is not valid: * may only stand for the leftmost labels,"
                        + " as in *.example.com.",
                Map.of("mode", "allowlist", "hosts", List.of("")),
                "Host pattern \"\" is not valid: it is empty.",
                Map.of("mode", "open", "hosts", List.of("pypi.org")),
                "network.hosts only goes with mode \"allowlist\"; mode \"open\" takes no hosts.",
                Map.of("mode", "allowlist", "hosts", tooMany),
                "network.hosts may name at most 200 hosts; it names 201.",
                Map.of(), "network.mode is required: use none, allowlist or open.");
        bad.forEach((network, message) -> {
            assertThat(alice.post("/api/v1/tasks", task("no", network)).error(400, 40000).message())
                    .isEqualTo(message);
            assertThat(alice.post("/api/v1/sessions", Map.of("config", Map.of("network", network)))
                    .error(400, 40000).message()).isEqualTo(message);
        });
        for (Object network : List.of("open", List.of(), Map.of("mode", 1), Map.of("mode", "allowlist",
                "hosts", "pypi.org"))) {
            alice.post("/api/v1/tasks", task("no", network)).error(422, 40000);
        }
        assertThat(alice.get("/api/v1/sessions?limit=1000").ok()).as("no session was created").isEmpty();
        assertThat(fake.claim()).as("no run was queued").isNull();
    }
}
