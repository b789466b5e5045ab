package dev.poco.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Api;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A runner on another host (issue 10, point 8): the server ({@code POCO_ROLE=server}, S3 storage on S3Mock) and a
 * runner with its own POCO_HOME and workspace root that talks to it only over HTTP, as {@code ./poco runner} does,
 * with real bubblewrap, the real pinned CLI and the testkit's fake model. After the run the runner's workspace
 * directory is deleted; the workspace API must still serve the files, from the export alone.
 */
@SpringBootTest(classes = PocoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "poco.runner.enabled=false")
class RemoteRunnerWorkspaceTest {

    private static final FakeAnthropicServer MODEL = ServerModelCalls.answerAside(new FakeAnthropicServer().start());
    private static final String TOKEN = "remote-runner-token-" + UUID.randomUUID();
    private static final Path SERVER_HOME = tempDir("poco-remote-server");
    private static final Path RUNNER_HOME = tempDir("poco-remote-runner");
    private static final Duration RUN = Duration.ofSeconds(120);
    private static ConfigurableApplicationContext runner;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        RemoteRunners.serverProperties(registry, SERVER_HOME, TOKEN);
    }

    /** The runner alone, as POCO_ROLE=runner starts it, for the server on {@code port}. */
    private static synchronized void startRunner(int port) {
        if (runner == null) {
            runner = RemoteRunners.start(port, RUNNER_HOME, TOKEN, MODEL.baseUrl(), null);
        }
    }

    @AfterAll
    static void stopRunner() {
        if (runner != null) {
            runner.close();
        }
        MODEL.close();
    }

    @Test
    void theWorkspaceApiServesARemoteRunnersFilesAfterItsDirectoryIsDeleted() throws Exception {
        startRunner(port);
        MODEL.enqueue(Reply.bash("mkdir -p report && printf 'remote result\\n' > report/out.txt"
                + " && printf 'x' > .hidden-but-exported", "write the report"), Reply.text("Done."));
        Api alice = new Api("http://127.0.0.1:" + port, Map.of()).as("alice-" + UUID.randomUUID().toString()
                .substring(0, 8));
        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "write the report")).ok();
        String sessionId = task.path("session_id").asString();
        String userId = alice.headers().get("X-User-Id");

        // the runner exports before it reports the end, so "ready" comes first and "completed" right after
        await().atMost(RUN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode session = alice.get("/api/v1/sessions/" + sessionId).ok();
            assertThat(session.path("workspace_export_status").asString()).isEqualTo("ready");
            assertThat(session.path("status").asString()).isEqualTo("completed");
        });

        // the runner's workspace (not under the server's POCO_HOME) goes away
        Path runnerWorkspaces = RUNNER_HOME.resolve("runner-workspaces");
        Path sessionDir = runnerWorkspaces.resolve(userId).resolve(sessionId);
        assertThat(sessionDir.resolve("workspace/report/out.txt")).hasContent("remote result");
        assertThat(SERVER_HOME.resolve("workspaces")).doesNotExist();
        deleteTree(runnerWorkspaces);

        JsonNode tree = alice.get("/api/v1/sessions/" + sessionId + "/workspace/files").ok();
        JsonNode report = find(tree, "/report");
        JsonNode out = find(report.path("children"), "/report/out.txt");
        assertThat(out.path("size").asLong()).isEqualTo(14);
        assertThat(find(tree, "/.hidden-but-exported").path("type").asString()).isEqualTo("file");
        assertThat(tree.toString()).doesNotContain(".claude_data").doesNotContain(".git\"");

        HttpResponse<byte[]> file = fetch(out.path("url").asString());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("remote result\n");
        assertThat(new String(alice.getBytes("/api/v1/sessions/" + sessionId + "/workspace/raw?path=/report/out.txt")
                .body(), StandardCharsets.UTF_8)).isEqualTo("remote result\n");

        JsonNode archive = alice.get("/api/v1/sessions/" + sessionId + "/workspace/archive").ok();
        HttpResponse<byte[]> zip = fetch(archive.path("url").asString());
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsEntry("report/out.txt", "remote result\n")
                .allSatisfy((name, content) -> assertThat(name).doesNotStartWith(".claude_data")
                        .doesNotStartWith(".git/"));
    }

    private static JsonNode find(JsonNode nodes, String path) {
        for (JsonNode node : nodes) {
            if (node.path("path").asString().equals(path)) {
                return node;
            }
        }
        throw new AssertionError(path + " is not in " + nodes);
    }

    private static HttpResponse<byte[]> fetch(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
