package dev.poco.app.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.poco.app.ServerModelCalls;
import dev.poco.app.e2e.EndToEndTest;
import dev.poco.server.auth.RunnerToken;
import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17 part 5's rule, generated from the served OpenAPI document like {@link IsolationTest}: user A shares a
 * project with V as viewer; every write endpoint (any method but GET) whose path names a resource of that project (its
 * id, one of its sessions, or a question of one) refuses V with 403 "You have view access to this project…", while
 * V reads the same session's endpoints. A new write endpoint under a session or project is checked by itself; one
 * whose path parameter the test cannot fill fails here and says which.
 *
 * <p>Out of scope, with the reason: writes whose path names no resource of the project (they are someone's own
 * settings, checked by {@link IsolationTest}); runs' writes are runner-only; scheduled tasks belong to the user who
 * made them and are not shared with the project (a viewer gets 404 for them like anyone else).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerWriteTest extends EndToEndTest {

    private static final String VIEW_ONLY = "You have view access to this project";
    private static final Duration RUN_WAIT = Duration.ofSeconds(120);
    /** The path parameters that name a resource of the shared project (the first parameter of the path). */
    private static final Set<String> SHARED = Set.of("sessionId", "projectId", "requestId");

    @Autowired
    RunnerToken runnerToken;

    private final String owner = "share-a-" + UUID.randomUUID().toString().substring(0, 8);
    private final String viewer = "share-v-" + UUID.randomUUID().toString().substring(0, 8);
    private Http http;
    private JsonNode document;
    private final Map<String, String> values = new LinkedHashMap<>();

    @BeforeAll
    void aSharesAProjectWithAFinishedSessionAndAnOpenQuestion() {
        ServerModelCalls.answerAside(MODEL.reset());
        http = new Http("http://127.0.0.1:" + port);
        document = Fixture.JSON.readTree(http.json("GET", "/openapi.json", as(owner), null).body());
        String project = data(as(owner), "POST", "/api/v1/projects", Map.of("name", "Shared with a viewer"))
                .path("project_id").asString();
        MODEL.enqueue(Reply.text("The shared answer"));
        JsonNode task = data(as(owner), "POST", "/api/v1/tasks", Map.of("prompt", "Answer for the team",
                "project_id", project));
        String session = task.path("session_id").asString();
        await().atMost(RUN_WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            String status = data(as(owner), "GET", "/api/v1/sessions/" + session, null).path("status").asString();
            assertThat(status).isNotEqualTo("failed");
            return status.equals("completed");
        });
        String asking = data(as(owner), "POST", "/api/v1/sessions", Map.of("project_id", project))
                .path("session_id").asString();
        String question = data(Map.of("X-Internal-Token", runnerToken.value()), "POST",
                "/api/v1/internal/user-input-requests", Map.of("session_id", asking, "tool_name", "AskUserQuestion",
                        "expires_at", OffsetDateTime.now().plusHours(1).toString(), "tool_input",
                        Map.of("questions", List.of(Map.of("question", "Which one?"))))).path("id").asString();
        data(as(owner), "PUT", "/api/v1/projects/" + project + "/members/" + viewer, Map.of("role", "viewer"));

        values.put("sessionId", session);
        values.put("projectId", project);
        values.put("requestId", question);
        values.put("userId", owner); // a member other than the viewer: removing them is managing, not leaving
        values.put("name", "a-folder");
    }

    /** Every write endpoint naming a resource of the shared project: 403 with the viewer's message. */
    @TestFactory
    Stream<DynamicTest> everyWriteOfTheSharedProjectRefusesTheViewer() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Operation op : Operation.all(document)) {
            if (op.method().equals("GET") || !op.hasPathParams() || !SHARED.contains(op.pathParams().getFirst())
                    || Endpoints.runnerOnly(op) || Endpoints.isPublic(op)) {
                continue;
            }
            checked.add(op.key());
            tests.add(dynamicTest(op.key(), () -> {
                for (String param : op.pathParams()) {
                    assertThat(values).as("%s: no value for {%s}; add one in ViewerWriteTest", op.key(), param)
                            .containsKey(param);
                }
                Http.Response r = call(op);
                assertThat(r.status()).as("%s as the viewer: %s", op.key(), r.describe()).isEqualTo(403);
                assertThat(Fixture.JSON.readTree(r.body()).path("message").asString()).as(op.key())
                        .startsWith(VIEW_ONLY);
            }));
        }
        // writes naming the shared project or session in their body
        tests.add(bodyWrite("POST", "/api/v1/tasks", Map.of("prompt", "more", "session_id", values.get("sessionId"))));
        tests.add(bodyWrite("POST", "/api/v1/tasks", Map.of("prompt", "new", "project_id", values.get("projectId"))));
        tests.add(bodyWrite("POST", "/api/v1/sessions", Map.of("project_id", values.get("projectId"))));
        // not vacuous: the session's writes (follow-up aside) are all there
        tests.add(dynamicTest("the enumeration found the session's and project's writes", () -> assertThat(checked)
                .contains("POST /api/v1/sessions/{sessionId}/cancel", "DELETE /api/v1/sessions/{sessionId}",
                        "PATCH /api/v1/sessions/{sessionId}", "POST /api/v1/sessions/{sessionId}/regenerate",
                        "POST /api/v1/sessions/{sessionId}/branch", "POST /api/v1/user-input-requests/{requestId}/answer",
                        "DELETE /api/v1/projects/{projectId}", "PUT /api/v1/projects/{projectId}/members/{userId}")));
        return tests.stream();
    }

    /** The same viewer reads the session: every GET under it that needs no other parameter is not refused. */
    @TestFactory
    Stream<DynamicTest> theViewerReadsTheSharedSession() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation op : Operation.all(document)) {
            if (!op.method().equals("GET") || op.pathParams().size() != 1 || !SHARED.contains(op.pathParams().getFirst())
                    || Endpoints.runnerOnly(op) || Endpoints.STREAMS.contains(op.key())
                    || op.queryParams().containsValue(true)) {
                continue;
            }
            tests.add(dynamicTest(op.key(), () -> {
                Http.Response r = call(op);
                assertThat(r.status()).as("%s as the viewer: %s", op.key(), r.describe()).isNotIn(401, 403)
                        .isLessThan(500);
                if (op.path().equals("/api/v1/sessions/{sessionId}/messages")) {
                    assertThat(r.body()).contains("Answer for the team");
                }
            }));
        }
        assertThat(tests).as("reads under a session").hasSizeGreaterThanOrEqualTo(8);
        return tests.stream();
    }

    private DynamicTest bodyWrite(String method, String path, Map<String, String> body) {
        return dynamicTest(method + " " + path + " " + body, () -> {
            Http.Response r = http.json(method, path, as(viewer), Fixture.JSON.writeValueAsString(body));
            assertThat(r.status()).as("%s %s as the viewer: %s", method, path, r.describe()).isEqualTo(403);
            assertThat(Fixture.JSON.readTree(r.body()).path("message").asString()).startsWith(VIEW_ONLY);
        });
    }

    private Http.Response call(Operation op) {
        String path = op.fill(values);
        if (op.bodyType() == null) {
            return http.send(op.method(), path, as(viewer), null, null);
        }
        if (!op.bodyType().equals("application/json")) {
            return http.send(op.method(), path, as(viewer), op.bodyType(), new byte[] {1});
        }
        return http.json(op.method(), path, as(viewer), Fixture.JSON.writeValueAsString(
                Operation.minimalBody(op.bodySchema(), document)));
    }

    private static Map<String, String> as(String user) {
        return Map.of("X-User-Id", user);
    }

    private JsonNode data(Map<String, String> headers, String method, String path, Object body) {
        Http.Response r = http.json(method, path, headers, body == null ? null : Fixture.JSON.writeValueAsString(body));
        assertThat(r.status()).as("%s %s: %s", method, path, r.body()).isEqualTo(200);
        return Fixture.JSON.readTree(r.body()).path("data");
    }
}
