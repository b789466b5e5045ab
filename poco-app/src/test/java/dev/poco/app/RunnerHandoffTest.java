package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A session moves to another runner (issue 18, point 3): a server ({@code POCO_ROLE=server}, S3 storage on S3Mock)
 * and two runners on their own POCO_HOMEs that reach it only over HTTP, with real bubblewrap, the real pinned CLI and
 * the testkit's fake model. The first follow-up stays on the runner that holds the workspace although the second
 * runner is idle; once that runner stops, the second follow-up runs on the other runner, which restores the workspace
 * from the server: the agent reads the file the first run wrote, and the CLI resumes the conversation (the model gets
 * the earlier turns).
 */
@SpringBootTest(classes = PocoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "poco.runner.enabled=false")
class RunnerHandoffTest {

    private static final FakeAnthropicServer MODEL = ServerModelCalls.answerAside(new FakeAnthropicServer().start());
    private static final String TOKEN = "handoff-runner-token-" + UUID.randomUUID();
    private static final Path SERVER_HOME = tempDir("poco-handoff-server");
    private static final Path HOME_A = tempDir("poco-handoff-a");
    private static final Path HOME_B = tempDir("poco-handoff-b");
    private static final Duration RUN = Duration.ofSeconds(120);
    private static ConfigurableApplicationContext runnerA;
    private static ConfigurableApplicationContext runnerB;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        RemoteRunners.serverProperties(registry, SERVER_HOME, TOKEN);
    }

    /** A runner alone, as POCO_ROLE=runner starts it on another host, with its own worker id and disk. */
    private ConfigurableApplicationContext runner(String workerId, Path home) {
        return RemoteRunners.start(port, home, TOKEN, MODEL.baseUrl(), workerId);
    }

    @AfterAll
    static void stopRunners() {
        for (ConfigurableApplicationContext runner : new ConfigurableApplicationContext[] {runnerA, runnerB}) {
            if (runner != null) {
                runner.close();
            }
        }
        MODEL.close();
    }

    @Test
    void theSecondFollowUpRunsOnAnotherRunnerAndSeesTheFilesAndTheConversation() {
        runnerA = runner("handoff-a-" + UUID.randomUUID(), HOME_A);
        Api alice = new Api("http://127.0.0.1:" + port, Map.of()).as("alice-" + UUID.randomUUID().toString()
                .substring(0, 8));
        String userId = alice.headers().get("X-User-Id");

        MODEL.enqueue(Reply.bash("printf 'written on runner A\\n' > notes.txt", "write the notes"),
                Reply.text("The notes are written."));
        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "write the notes (first prompt)")).ok();
        String sessionId = task.path("session_id").asString();
        awaitCompleted(alice, task.path("run_id").asString());
        Path onA = HOME_A.resolve("runner-workspaces").resolve(userId).resolve(sessionId);
        assertThat(onA.resolve("workspace/notes.txt")).hasContent("written on runner A");

        // B is idle and claiming, but A holds the session's workspace and is alive: the follow-up stays on A
        runnerB = runner("handoff-b-" + UUID.randomUUID(), HOME_B);
        MODEL.enqueue(Reply.text("Still on the same runner."));
        String followUp = alice.post("/api/v1/tasks", Map.of("prompt", "first follow-up", "session_id", sessionId))
                .ok().path("run_id").asString();
        awaitCompleted(alice, followUp);
        Path onB = HOME_B.resolve("runner-workspaces").resolve(userId).resolve(sessionId);
        assertThat(onB).as("the first follow-up stayed on runner A").doesNotExist();

        // A stops (its host goes away); the next follow-up goes to B, which restores the workspace
        runnerA.close();
        runnerA = null;
        MODEL.enqueue(Reply.bash("cat notes.txt", "read the notes"), Reply.text("The notes say: written on runner A."));
        int before = MODEL.messageRequests().size();
        String second = alice.post("/api/v1/tasks", Map.of("prompt", "second follow-up: read the notes",
                "session_id", sessionId)).ok().path("run_id").asString();
        awaitCompleted(alice, second);

        assertThat(onB.resolve("workspace/notes.txt")).hasContent("written on runner A");
        List<RecordedRequest> requests = MODEL.messageRequests();
        List<RecordedRequest> secondRun = requests.subList(before, requests.size());
        assertThat(secondRun).as("the model calls of the run on B").hasSizeGreaterThanOrEqualTo(2);
        assertThat(secondRun.getFirst().body()).as("the CLI resumed the conversation from the restored transcript")
                .contains("write the notes (first prompt)").contains("first follow-up")
                .contains("second follow-up: read the notes");
        assertThat(secondRun.getLast().body()).as("the agent read the restored file")
                .contains("written on runner A");
        assertThat(onB.resolve("workspace/.git")).as("the history came along").isDirectory();
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/workspace/files").ok().toString())
                .contains("notes.txt").doesNotContain("state.tar.gz");
    }

    private static void awaitCompleted(Api user, String runId) {
        await().atMost(RUN).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertThat(user.get("/api/v1/runs/" + runId).ok().path("status").asString()).isEqualTo("completed"));
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
