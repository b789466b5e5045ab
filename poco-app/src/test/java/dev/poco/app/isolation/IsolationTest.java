package dev.poco.app.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.poco.app.ServerModelCalls;
import dev.poco.app.e2e.EndToEndTest;
import dev.poco.app.isolation.AuthScheme.Principal;
import dev.poco.app.support.PasswordModeApp;
import dev.poco.server.auth.RunnerToken;
import dev.poco.testkit.http.SseClient;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17's isolation acceptance, generated from the served OpenAPI document rather than a list of
 * endpoints: user A owns one of every resource ({@link Fixture}); for every endpoint with a path
 * parameter user B, given A's ids, is refused with 403 or 404; no list answers B with anything of
 * A's; afterwards A's data is exactly as before; an anonymous caller gets 401 everywhere except an
 * explicit public list; runner-only endpoints refuse users. A new endpoint shows up here by itself:
 * when the test cannot fill its path parameters or does not know how to classify it, it fails and
 * says which decision is missing ({@link Endpoints}).
 *
 * <p>Written against {@code trusted_header} mode; the identities come from an {@link AuthScheme}, so
 * the same checks can run in {@code password} mode with a scheme that signs in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IsolationTest extends EndToEndTest {

    /** Anything not in 2xx, 401, 403, 404 is suspicious; 5xx is always a bug. */
    private static final Set<Integer> REFUSED_FOR_B = Set.of(403, 404);
    private static final Duration EVENT_WAIT = Duration.ofSeconds(30);

    @Autowired
    RunnerToken runnerToken;

    private AuthScheme scheme;
    private Http http;
    private JsonNode document;
    private List<Operation> operations;
    private Fixture fixture;
    private @Nullable Map<String, String> before;

    @BeforeAll
    void aOwnsOneOfEverything() {
        ServerModelCalls.answerAside(MODEL.reset());
        scheme = newScheme();
        http = new Http(base());
        Http.Response doc = http.json("GET", "/openapi.json", scheme.headers(Principal.USER_A), null);
        assertThat(doc.status()).as("GET /openapi.json").isEqualTo(200);
        document = Fixture.JSON.readTree(doc.body());
        operations = Operation.all(document);
        fixture = Fixture.create(http, scheme, runnerToken.value(), MODEL,
                passwordMode() ? PasswordModeApp.TELEGRAM : TELEGRAM, LOCAL_FOLDERS);
    }

    /**
     * Who A and B are: {@code X-User-Id} in {@code trusted_header} mode; with {@link dev.poco.app.support.PasswordMode}
     * two invited members signed in with their session cookies (a subclass may choose another scheme).
     */
    AuthScheme newScheme() {
        return passwordMode() ? new PasswordScheme(base()) : new TrustedHeaderScheme();
    }

    /** The endpoints that answer an anonymous caller in this app's mode. */
    private Set<String> publicHere() {
        return passwordMode() ? Endpoints.publicWithAccounts() : Endpoints.PUBLIC.keySet();
    }

    @Test
    @Order(1)
    void everyServedEndpointIsClassified() {
        List<String> problems = new ArrayList<>();
        for (Operation op : operations) {
            if (Endpoints.isPublic(op) || Endpoints.runnerOnly(op)) {
                continue;
            }
            for (String param : op.pathParams()) {
                String template = op.templateUpTo(param);
                if (fixture.value(template) == null && !Endpoints.UNFILLABLE.containsKey(template)) {
                    problems.add(op.key() + ": no id of user A for {" + param + "} (" + template + "). Make one in"
                            + " Fixture, or if it is only for runners add it to Endpoints.RUNNER_ONLY");
                }
            }
            if (op.bodyType() != null && !op.bodyType().equals("application/json")
                    && !op.bodyType().equals("multipart/form-data")) {
                problems.add(op.key() + ": request body " + op.bodyType() + " is not one the test can send");
            }
        }
        Endpoints.unknownEntries(operations).forEach(k -> problems.add(k + ": listed in Endpoints but not served"));
        assertThat(problems).as("endpoints without an isolation decision").isEmpty();
    }

    /** Every GET without a path parameter, as user B: nothing of A's in the answer. */
    @TestFactory
    @Order(2)
    Stream<DynamicTest> listsShowUserBNoneOfUserAsItems() {
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> showingAToA = new TreeSet<>();
        for (Operation op : operations) {
            if (!op.method().equals("GET") || op.hasPathParams() || Endpoints.runnerOnly(op)) {
                continue;
            }
            if (Endpoints.STREAMS.contains(op.key())) {
                tests.add(dynamicTest(op.key() + " (stream)", () -> streamCarriesNoneOfAs(op)));
                continue;
            }
            tests.add(dynamicTest(op.key(), () -> {
                Http.Response asA = call(Principal.USER_A, op);
                if (asA.success() && !leakedMarkers(asA.body(), op).isEmpty()) {
                    showingAToA.add(op.key());
                }
                Http.Response asB = call(Principal.USER_B, op);
                assertThat(asB.stream()).as("%s streams: list it in Endpoints.STREAMS", op.key()).isFalse();
                assertThat(asB.status()).as("%s as B: %s", op.key(), asB.describe()).isLessThan(500);
                assertThat(leakedMarkers(asB.body(), op)).as("A's ids or names in %s's answer to B: %s", op.key(),
                        asB.describe()).isEmpty();
            }));
        }
        // not vacuous: the lists do show A's things to A (sessions, projects, secrets, skills, ...)
        tests.add(dynamicTest("A's lists show A's items to A", () -> assertThat(showingAToA)
                .as("list endpoints answering A with A's items").hasSizeGreaterThanOrEqualTo(12)));
        return tests.stream();
    }

    /**
     * Every endpoint with a path parameter, as user B with A's ids: 403 or 404. Then B's writes without
     * a path parameter (creates, bulk updates, "delete all"), which may succeed for B but must not touch
     * A; and A's data is compared with what it was before B started.
     */
    @TestFactory
    @Order(3)
    Stream<DynamicTest> userBIsRefusedUserAsResources() {
        before = snapshotOfA();
        List<DynamicTest> tests = new ArrayList<>();
        List<DynamicTest> deletes = new ArrayList<>();
        List<DynamicTest> ownSignIn = new ArrayList<>();
        for (Operation op : operations) {
            if (!op.hasPathParams() || Endpoints.runnerOnly(op) || Endpoints.isPublic(op)
                    || Endpoints.KNOWN_FAILURES.containsKey(op.key())) {
                continue;
            }
            // deletes last: one that wrongly succeeds must not turn the other checks of that resource into 404s
            (op.method().equals("DELETE") ? deletes : tests).add(dynamicTest(op.key(), () -> {
                if (before.containsKey(op.key())) { // B's 404 means "not yours", not "no such URL": A gets it
                    assertThat(before.get(op.key())).as("%s as A, the owner", op.key()).startsWith("200 ");
                }
                Http.Response asB = call(Principal.USER_B, op);
                assertThat(asB.status()).as("%s as B with A's ids %s: %s%s", op.key(), pathValues(op),
                        asB.describe(), hint(asB)).isIn(REFUSED_FOR_B);
                assertThat(leakedMarkers(asB.body(), op)).as("A's data in the refusal of %s: %s", op.key(),
                        asB.describe()).isEmpty();
            }));
        }
        for (Endpoints.ForeignReference probe : Endpoints.FOREIGN_REFERENCES) {
            tests.add(dynamicTest(probe.describe(), () -> {
                String body = withFixtureValues(probe.body());
                Http.Response asB = http.json(probe.method(), probe.path(), scheme.headers(Principal.USER_B), body);
                boolean noEffect = asB.success() && Fixture.JSON.readTree(asB.body()).path("data")
                        .path("updated_count").asInt(-1) == 0;
                assertThat(REFUSED_FOR_B.contains(asB.status()) || noEffect)
                        .as("%s %s as B with A's id in the body %s: %s", probe.method(), probe.path(), body,
                                asB.describe()).isTrue();
            }));
        }
        tests.addAll(deletes);
        for (Operation op : operations) {
            if (op.hasPathParams() || op.method().equals("GET") || Endpoints.runnerOnly(op) || Endpoints.isPublic(op)) {
                continue;
            }
            // B's own sign-in last: "sign out everywhere" ends the session B speaks with in password mode
            (op.path().startsWith("/api/v1/auth/") ? ownSignIn : tests).add(dynamicTest(op.key() + " (B's own)", () -> {
                Http.Response asB = call(Principal.USER_B, op);
                assertThat(asB.status()).as("%s as B: %s", op.key(), asB.describe()).isLessThan(500);
                assertThat(leakedMarkers(asB.body(), op)).as("A's data in %s's answer to B: %s", op.key(),
                        asB.describe()).isEmpty();
            }));
        }
        tests.addAll(ownSignIn);
        return tests.stream();
    }

    /** Every endpoint without identity: 401, except the explicit public list (and 403 from runner-only ones). */
    @TestFactory
    @Order(4)
    Stream<DynamicTest> anonymousCallersAreRefused() {
        Set<String> answered = new TreeSet<>();
        List<DynamicTest> tests = new ArrayList<>();
        for (Operation op : operations) {
            tests.add(dynamicTest(op.key(), () -> {
                Http.Response r = call(Principal.ANONYMOUS, op);
                assertThat(r.status()).as("%s anonymously: %s", op.key(), r.describe()).isLessThan(500);
                boolean refused = r.status() == 401 || Endpoints.runnerOnly(op) && r.status() == 403;
                if (!refused) {
                    answered.add(op.key());
                }
                if (!publicHere().contains(op.key())) {
                    assertThat(refused).as("%s anonymously answered %s; expected 401 (or add it to Endpoints.PUBLIC"
                            + " with a reason)", op.key(), r.describe()).isTrue();
                }
                assertThat(leakedMarkers(r.body(), op)).as("A's data in %s's anonymous answer: %s", op.key(),
                        r.describe()).isEmpty();
            }));
        }
        tests.add(dynamicTest("the endpoints answering anonymously are exactly Endpoints.PUBLIC",
                () -> assertThat(answered).containsExactlyInAnyOrderElementsOf(publicHere())));
        return tests.stream();
    }

    /** Runner-only endpoints refuse a user, even the user who owns the run or session named in the path. */
    @TestFactory
    @Order(5)
    Stream<DynamicTest> runnerOnlyEndpointsRefuseUsers() {
        return operations.stream().filter(Endpoints::runnerOnly).map(op -> dynamicTest(op.key(), () -> {
            Http.Response r = call(Principal.USER_A, op);
            assertThat(r.status()).as("%s as user A: %s", op.key(), r.describe()).isIn(401, 403);
        }));
    }

    @Test
    @Order(9)
    void userAsDataIsUnchangedByTheOthersAttempts() {
        assertThat(before).as("the snapshot taken before B's attempts").isNotNull();
        Map<String, String> after = snapshotOfA();
        List<String> changed = new ArrayList<>();
        before.forEach((key, body) -> {
            if (!body.equals(after.get(key))) {
                changed.add(key + "\n  before: " + body + "\n  after:  " + after.get(key));
            }
        });
        assertThat(changed).as("A's answers that changed while B and anonymous callers tried A's ids").isEmpty();
    }

    /**
     * Listens as A and as B, changes one of A's sessions, then one of B's: B's stream brings B's change
     * (so it was live and ordered) and nothing of A's.
     */
    private void streamCarriesNoneOfAs(Operation op) throws Exception {
        String url = "http://127.0.0.1:" + port + op.path();
        try (SseClient asA = SseClient.open(url, scheme.headers(Principal.USER_A));
                SseClient asB = SseClient.open(url, scheme.headers(Principal.USER_B))) {
            assertThat(asA.status()).isEqualTo(200);
            assertThat(asB.status()).isEqualTo(200);
            String aSession = fixture.value("/api/v1/sessions/{sessionId}");
            fixture.a("PATCH", "/api/v1/sessions/" + aSession, Map.of("title", fixture.marker + " renamed"));
            assertThat(awaitEvent(asA, aSession)).as("A's own change on A's stream").isEmpty();
            String bSession = Fixture.JSON.readTree(http.json("POST", "/api/v1/sessions",
                    scheme.headers(Principal.USER_B), "{}").body()).path("data").path("session_id").asString();
            List<String> seenByB = awaitEvent(asB, bSession);
            assertThat(seenByB).as("what B's stream carried before B's own change")
                    .allMatch(event -> leakedMarkers(event, null).isEmpty());
        }
    }

    /** Waits for an event mentioning {@code id}; returns the events that came before it. */
    private static List<String> awaitEvent(SseClient client, String id) throws InterruptedException {
        List<String> earlier = new ArrayList<>();
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            SseClient.Event event = client.next(Duration.ofMillis(500));
            if (event == null) {
                continue;
            }
            String text = event.type() + " " + event.data();
            if (text.contains(id)) {
                return earlier;
            }
            earlier.add(text);
        }
        throw new AssertionError("No event about " + id + " within " + EVENT_WAIT + "; got " + earlier);
    }

    /** Every readable answer A gets for A's resources and lists, by endpoint. */
    private Map<String, String> snapshotOfA() {
        Map<String, String> snapshot = new LinkedHashMap<>();
        for (Operation op : operations) {
            if (!op.method().equals("GET") || Endpoints.runnerOnly(op) || Endpoints.STREAMS.contains(op.key())
                    || Endpoints.VOLATILE.containsKey(op.key()) || scheme.volatileReads().contains(op.key())
                    || Endpoints.KNOWN_FAILURES.containsKey(op.key())
                    || !fillable(op)) {
                continue;
            }
            Http.Response r = call(Principal.USER_A, op);
            snapshot.put(op.key(), r.status() + " " + r.body());
        }
        return snapshot;
    }

    private boolean fillable(Operation op) {
        return op.pathParams().stream().allMatch(p -> fixture.value(op.templateUpTo(p)) != null);
    }

    private Map<String, String> pathValues(Operation op) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String param : op.pathParams()) {
            String value = fixture.value(op.templateUpTo(param));
            values.put(param, value != null ? value : UUID.randomUUID().toString());
        }
        return values;
    }

    /** Calls {@code op} as {@code who}, with A's ids in the path and query and a minimal valid body. */
    private Http.Response call(Principal who, Operation op) {
        String path = op.fill(pathValues(op)) + query(op);
        Map<String, String> headers = new LinkedHashMap<>(scheme.headers(who));
        String type = op.bodyType();
        if (type == null) {
            return http.send(op.method(), path, headers, null, null);
        }
        if (type.equals("multipart/form-data")) {
            String boundary = "----isolation-" + UUID.randomUUID();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.txt\""
                    + "\r\nContent-Type: text/plain\r\n\r\nfrom B\r\n--" + boundary + "--\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return http.send(op.method(), path, headers, "multipart/form-data; boundary=" + boundary,
                    out.toByteArray());
        }
        if (!type.equals("application/json")) {
            return http.send(op.method(), path, headers, type, new byte[] {1, 2, 3});
        }
        return http.json(op.method(), path, headers, body(op));
    }

    private String body(Operation op) {
        String template = Endpoints.BODIES.get(op.key());
        if (template == null) {
            return Fixture.JSON.writeValueAsString(Operation.minimalBody(op.bodySchema(), document));
        }
        return withFixtureValues(template);
    }

    private String withFixtureValues(String template) {
        String body = template;
        for (Map.Entry<String, String> value : fixture.values().entrySet()) {
            body = body.replace("{{" + value.getKey() + "}}", value.getValue());
        }
        assertThat(body).as("a placeholder without a value in the fixture").doesNotContain("{{");
        return body;
    }

    /** A's session, project, run or workspace file for the query parameters naming one; the marker for a search. */
    private String query(Operation op) {
        StringBuilder q = new StringBuilder();
        op.queryParams().forEach((name, required) -> {
            String value = switch (name) {
                case "session_id" -> fixture.value("/api/v1/sessions/{sessionId}");
                case "project_id" -> fixture.value("/api/v1/projects/{projectId}");
                case "run_id" -> fixture.value("/api/v1/runs/{runId}");
                case "q", "query" -> fixture.marker;
                case "path" -> Fixture.WORKSPACE_FILE;
                default -> required ? fixture.marker : null;
            };
            if (value != null) {
                q.append(q.isEmpty() ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return q.toString();
    }

    /**
     * A's ids and names found in {@code text}, except those the request itself carried: "Project not found:
     * &lt;id&gt;" repeats what B sent and tells B nothing.
     */
    private Set<String> leakedMarkers(String text, @Nullable Operation sent) {
        String request = sent == null ? "" : sent.fill(pathValues(sent)) + query(sent) + (sent.bodyType() != null
                && sent.bodyType().equals("application/json") ? body(sent) : "");
        Set<String> found = new LinkedHashSet<>();
        Predicate<String> in = text::contains;
        fixture.markers().stream().filter(in).filter(m -> !request.contains(m)).forEach(found::add);
        return found;
    }

    private static String hint(Http.Response r) {
        return r.status() == 400 || r.status() == 422
                ? " (a bad-request answer hides the ownership check: give it a valid body in Endpoints.BODIES)" : "";
    }
}
