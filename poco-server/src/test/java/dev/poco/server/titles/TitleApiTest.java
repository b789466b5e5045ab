package dev.poco.server.titles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.server.TestServerApplication;
import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Titles by the server's model (reference §3.9), against the fake Messages API. Not an {@link ApiTest}: that server has
 * no model credentials, and its settings win over a subclass's.
 */
@SpringBootTest(classes = TestServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TitleApiTest {

    private static final FakeAnthropicServer model = new FakeAnthropicServer().start();

    @LocalServerPort
    int port;

    Api alice;
    Api runner;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) throws java.io.IOException {
        java.nio.file.Path home = Files.createTempDirectory("poco-titles-home");
        registry.add("poco.database.url", TestDatabase::url);
        registry.add("poco.home", home::toString);
        registry.add("poco.auth.mode", () -> "trusted_header");
        registry.add("poco.auth.internal-api-token", () -> ApiTest.RUNNER_TOKEN);
        registry.add("poco.model.api-key", () -> "sk-ant-titles");
        registry.add("poco.model.auth-token", () -> "");
        registry.add("poco.model.base-url", model::baseUrl);
    }

    @BeforeEach
    void clients() {
        Api anonymous = new Api("http://127.0.0.1:" + port, Map.of());
        alice = anonymous.as("alice-" + UUID.randomUUID());
        runner = anonymous.withHeader("X-Internal-Token", ApiTest.RUNNER_TOKEN);
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    private static boolean isTitleRequest(RecordedRequest r, String prompt) {
        return r.json().path("system").toString().contains("You write titles") && r.lastUserText().equals(prompt);
    }

    private static long titleRequests(String prompt) {
        return model.messageRequests().stream().filter(r -> isTitleRequest(r, prompt)).count();
    }

    @Test
    void aNewSessionIsTitledOnceByTheModelStrippedAsPocoDoes() {
        String prompt = "please fix the login bug " + UUID.randomUUID();
        model.when(r -> isTitleRequest(r, prompt), Reply.text("  \"Fix: the login-bug!\" 🐛\nnow, please  "));
        FakeRunner fake = new FakeRunner(runner);

        String sessionId = alice.post("/api/v1/tasks", fake.task(prompt)).ok().path("session_id").asString();
        await().atMost(Duration.ofSeconds(20)).until(
                () -> !alice.get("/api/v1/sessions/" + sessionId).ok().path("title").isNull());
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("title").asString())
                .isEqualTo("Fix the loginbug now please");

        alice.post("/api/v1/tasks", fake.followUp(sessionId, prompt)).ok();
        alice.post("/api/v1/tasks", fake.followUp(sessionId, "another turn")).ok();
        RecordedRequest request = model.messageRequests().stream().filter(r -> isTitleRequest(r, prompt)).findFirst()
                .orElseThrow();
        assertThat(request.json().path("max_tokens").asInt()).isEqualTo(32);
        assertThat(request.json().path("temperature").asDouble()).isEqualTo(0.2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> titleRequests(prompt) == 1);
        assertThat(titleRequests(prompt)).as("one title request per new session").isEqualTo(1);
    }

    @Test
    void aTitleTheUserTypedMeanwhileWinsAndAModelFailureFallsBackToThePrompt() {
        String failing = "the model fails here " + UUID.randomUUID();
        model.when(r -> isTitleRequest(r, failing), Reply.error(400, "invalid_request_error", "no titles today"));
        String sessionId = alice.post("/api/v1/tasks", new FakeRunner(runner).task(failing)).ok().path("session_id")
                .asString();
        await().atMost(Duration.ofSeconds(20)).until(
                () -> !alice.get("/api/v1/sessions/" + sessionId).ok().path("title").isNull());
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("title").asString()).isEqualTo(failing);
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("pending");

        String renamed = "renamed first " + UUID.randomUUID();
        model.when(r -> isTitleRequest(r, renamed), Reply.text("Model title"));
        String other = alice.post("/api/v1/tasks", new FakeRunner(runner).task(renamed)).ok().path("session_id")
                .asString();
        alice.patch("/api/v1/sessions/" + other, Map.of("title", "Mine")).ok();
        await().atMost(Duration.ofSeconds(20)).until(() -> titleRequests(renamed) == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(
                () -> alice.get("/api/v1/sessions/" + other).ok().path("title").asString().equals("Mine"));
    }

    @Test
    void titleTextFollowsPocosRules() {
        assertThat(TitleText.clean("Réparer « le bug » de connexion, vite ! 1 2 3 4 5 6 7 8"))
                .isEqualTo("Réparer le bug de connexion vite 1 2 3 4");
        assertThat(TitleText.clean("修复登录问题。")).isEqualTo("修复登录问题");
        assertThat(TitleText.clean("!!! ... ???")).isEmpty();
        assertThat(TitleText.firstLine("\n  first line  \nsecond")).isEqualTo("first line");
        assertThat(TitleText.firstLine("x".repeat(100))).hasSize(81).endsWith("…");
    }
}
