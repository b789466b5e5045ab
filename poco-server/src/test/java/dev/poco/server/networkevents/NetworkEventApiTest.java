package dev.poco.server.networkevents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.testkit.http.SseClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: runners report the connections their egress gate saw ({@code POST /internal/runs/{id}/network-events});
 * the session's owner lists them ({@code GET /sessions/{id}/network}) and sees them live as {@code network.connection}.
 */
class NetworkEventApiTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String UNKNOWN = "00000000-0000-0000-0000-000000000000";

    @Autowired
    private JdbcClient jdbc;

    private FakeRunner fake;
    private String sessionId;
    private String runId;

    @BeforeEach
    void aRun() {
        fake = new FakeRunner(runner);
        JsonNode task = alice.post("/api/v1/tasks", fake.task("pip install requests")).ok();
        sessionId = task.path("session_id").asString();
        runId = task.path("run_id").asString();
    }

    private static Map<String, Object> event(long seq, String host, boolean allowed) {
        Map<String, Object> e = new HashMap<>();
        e.put("seq", seq);
        e.put("host", host);
        e.put("port", 443);
        e.put("method", "CONNECT");
        e.put("url", null);
        e.put("address", allowed ? "151.101.0.223" : null);
        e.put("allowed", allowed);
        e.put("reason", allowed ? "allowlist: pypi.org" : "not in the run's allowlist");
        e.put("bytes_up", allowed ? 1200 : 0);
        e.put("bytes_down", allowed ? 56000 : 0);
        e.put("started_at", "2026-12-03T10:15:30.250Z");
        e.put("duration_ms", allowed ? 840 : 1);
        e.put("tool_use_id", "toolu_1");
        return e;
    }

    private String eventsPath(String run) {
        return "/api/v1/internal/runs/" + run + "/network-events";
    }

    private JsonNode report(Map<?, ?>... events) {
        return runner.post(eventsPath(runId), Map.of("events", List.of(events))).ok();
    }

    private JsonNode listed() {
        return alice.get("/api/v1/sessions/" + sessionId + "/network").ok();
    }

    private long lastEventId() {
        return jdbc.sql("SELECT max(id) FROM session_events WHERE session_id = :s")
                .param("s", UUID.fromString(sessionId)).query(Long.class).single();
    }

    @Test
    void aBatchIsStoredAndListedWithEveryField() {
        JsonNode receipt = report(event(1, "pypi.org", true), event(2, "evil.example", false));
        assertThat(receipt.path("received").asInt()).isEqualTo(2);
        assertThat(receipt.path("stored").asInt()).isEqualTo(2);

        JsonNode list = listed();
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.propertyNames()).containsExactlyInAnyOrder("id", "run_id", "session_id", "seq", "host",
                "port", "method", "url", "address", "allowed", "reason", "bytes_up", "bytes_down", "started_at",
                "duration_ms", "tool_use_id", "created_at");
        assertThat(first.path("run_id").asString()).isEqualTo(runId);
        assertThat(first.path("session_id").asString()).isEqualTo(sessionId);
        assertThat(first.path("seq").asLong()).isEqualTo(1);
        assertThat(first.path("host").asString()).isEqualTo("pypi.org");
        assertThat(first.path("port").asInt()).isEqualTo(443);
        assertThat(first.path("method").asString()).isEqualTo("CONNECT");
        assertThat(first.path("url").isNull()).isTrue();
        assertThat(first.path("address").asString()).isEqualTo("151.101.0.223");
        assertThat(first.path("allowed").asBoolean()).isTrue();
        assertThat(first.path("reason").asString()).isEqualTo("allowlist: pypi.org");
        assertThat(first.path("bytes_up").asLong()).isEqualTo(1200);
        assertThat(first.path("bytes_down").asLong()).isEqualTo(56000);
        assertThat(first.path("started_at").asString()).startsWith("2026-12-03T10:15:30.25");
        assertThat(first.path("duration_ms").asLong()).isEqualTo(840);
        assertThat(first.path("tool_use_id").asString()).isEqualTo("toolu_1");
        assertThat(first.path("created_at").isString()).isTrue();
        JsonNode second = list.get(1);
        assertThat(second.path("allowed").asBoolean()).isFalse();
        assertThat(second.path("address").isNull()).isTrue();
        assertThat(second.path("id").asLong()).isGreaterThan(first.path("id").asLong());
    }

    @Test
    void aReplayedSeqIsAcknowledgedButStoredOnce() {
        report(event(1, "pypi.org", true), event(2, "files.pythonhosted.org", true));
        JsonNode again = report(event(1, "pypi.org", true), event(2, "files.pythonhosted.org", true),
                event(3, "github.com", true));
        assertThat(again.path("received").asInt()).isEqualTo(3);
        assertThat(again.path("stored").asInt()).as("only seq 3 is new").isEqualTo(1);
        JsonNode twiceInOne = report(event(4, "a.example", true), event(4, "b.example", true));
        assertThat(twiceInOne.path("stored").asInt()).isEqualTo(1);

        assertThat(listed()).extracting(e -> e.path("seq").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(listed().get(3).path("host").asString()).as("the first report of a seq wins").isEqualTo("a.example");
        assertThat(jdbc.sql("SELECT count(*) FROM session_events WHERE session_id = :s AND type = 'network.connection'")
                .param("s", UUID.fromString(sessionId)).query(Long.class).single())
                .as("one session event per stored connection").isEqualTo(4);
    }

    @Test
    void eachStoredConnectionReachesTheSessionStreamLive() throws Exception {
        String user = alice.headers().get("X-User-Id");
        try (SseClient stream = SseClient.open("http://127.0.0.1:" + port + "/api/v1/sessions/" + sessionId + "/events",
                Map.of("X-User-Id", user))) {
            assertThat(stream.status()).isEqualTo(200);
            report(event(1, "pypi.org", true), event(2, "evil.example", false));
            report(event(2, "evil.example", false));
            List<SseClient.Event> seen = stream.through(lastEventId(), WAIT);
            List<SseClient.Event> network = seen.stream().filter(e -> e.type().equals("network.connection")).toList();
            assertThat(network).hasSize(2);
            JsonNode listed = listed();
            for (int i = 0; i < 2; i++) {
                JsonNode event = network.get(i).data();
                assertThat(event.path("run_id").asString()).isEqualTo(runId);
                assertThat(event.path("payload")).as("the payload is the REST view").isEqualTo(listed.get(i));
            }
        }
    }

    @Test
    void theListCanBeNarrowedToOneRunAndIsTheOwnersOnly() {
        report(event(1, "pypi.org", true));
        fake.start(runId);
        fake.complete(sessionId, runId);
        String second = alice.post("/api/v1/tasks", fake.followUp(sessionId, "again")).ok().path("run_id").asString();
        runner.post(eventsPath(second), Map.of("events", List.of(event(1, "github.com", true)))).ok();

        assertThat(listed()).extracting(e -> e.path("host").asString()).containsExactly("pypi.org", "github.com");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/network?run_id=" + second).ok())
                .extracting(e -> e.path("host").asString()).containsExactly("github.com");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/network?run_id=" + UNKNOWN).ok()).isEmpty();
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/network?limit=1&offset=1").ok())
                .extracting(e -> e.path("host").asString()).containsExactly("github.com");

        bob.get("/api/v1/sessions/" + sessionId + "/network").error(403, 40300);
        alice.get("/api/v1/sessions/" + UNKNOWN + "/network").error(404, 40400);
        alice.get("/api/v1/sessions/" + sessionId + "/network?run_id=nope").error(422, 40000);
        alice.get("/api/v1/sessions/" + sessionId + "/network?limit=0").error(422, 40000);
        alice.delete("/api/v1/sessions/" + sessionId).ok();
        alice.get("/api/v1/sessions/" + sessionId + "/network").error(404, 40400);
    }

    @Test
    void onlyRunnersMayReport() {
        Map<String, Object> body = Map.of("events", List.of(event(1, "pypi.org", true)));
        alice.post(eventsPath(runId), body).error(403, 40300);
        anonymous.withHeader("X-Internal-Token", "wrong").post(eventsPath(runId), body).error(403, 40300);
        assertThat(listed()).isEmpty();
    }

    @Test
    void anUnknownRunIsNotFound() {
        runner.post(eventsPath(UNKNOWN), Map.of("events", List.of(event(1, "pypi.org", true)))).error(404, 40400);
        runner.post(eventsPath("not-a-run"), Map.of("events", List.of())).error(422, 40000);
    }

    @Test
    void badBatchesAreRefusedAndStoreNothing() {
        Map<String, Object> noHost = event(1, "x", true);
        noHost.remove("host");
        Map<String, Object> noStart = event(1, "x", true);
        noStart.remove("started_at");
        for (Map<String, Object> bad : List.of(event(0, "pypi.org", true), withValue("port", 70_000),
                withValue("bytes_up", -1), withValue("host", " "), withValue("started_at", "yesterday"),
                withValue("allowed", "yes"), noHost, noStart)) {
            runner.post(eventsPath(runId), Map.of("events", List.of(event(1, "ok.example", true), bad)))
                    .error(422, 40000);
        }
        runner.post(eventsPath(runId), Map.of("events", "pypi.org")).error(422, 40000);
        runner.post(eventsPath(runId), Map.of("events", List.of("pypi.org"))).error(422, 40000);
        runner.post(eventsPath(runId), "{\"events\": [null]}").error(422, 40000);
        runner.post(eventsPath(runId), "{not json").error(400, 40000);

        List<Map<String, Object>> tooMany = IntStream.rangeClosed(1, 501).mapToObj(i -> event(i, "a.example", true))
                .toList();
        assertThat(runner.post(eventsPath(runId), Map.of("events", tooMany)).error(400, 40000).message())
                .isEqualTo("A batch holds at most 500 network events; this one holds 501. Send the rest in another"
                        + " batch.");
        assertThat(listed()).as("a refused batch stores none of its events").isEmpty();

        JsonNode empty = runner.post(eventsPath(runId), Map.of("events", List.of())).ok();
        assertThat(empty.path("received").asInt()).isZero();
        assertThat(runner.post(eventsPath(runId), Map.of("events", tooMany.subList(0, 500))).ok()
                .path("stored").asInt()).isEqualTo(500);
    }

    @Test
    void overlongTextsAreCutNotRefused() {
        Map<String, Object> e = event(1, "example.com", true);
        e.put("method", "GET");
        e.put("port", 80);
        e.put("url", "http://example.com/" + "a".repeat(10_000));
        e.put("reason", "r".repeat(5000));
        report(e);
        JsonNode stored = listed().get(0);
        assertThat(stored.path("url").asString()).hasSizeLessThanOrEqualTo(4000).startsWith("http://example.com/aaa");
        assertThat(stored.path("reason").asString()).hasSizeLessThanOrEqualTo(1000);
    }

    private static Map<String, Object> withValue(String field, Object value) {
        Map<String, Object> e = event(1, "x.example", true);
        e.put(field, value);
        return e;
    }
}
