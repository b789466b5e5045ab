package dev.poco.runner.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.RunDirective;
import dev.poco.protocol.RunStatus;
import dev.poco.runner.server.StandInServer.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP interface client over a real socket: envelopes unwrapped, failures sorted for retrying. */
class ServerClientTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final UUID runId = UUID.randomUUID();
    private final StandInServer server = new StandInServer();
    private final ServerClient client = new ServerClient(server.base(), "secret-token", JSON);

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void aWatchSendsItsQueryAndReturnsTheDirective() {
        server.on("/api/v1/runs/" + runId + "/watch", r -> Answer.ok("{\"run_id\":\"" + runId
                + "\",\"status\":\"canceled\",\"cancel_requested\":true,\"from_a_newer_server\":1}"));

        RunDirective directive = client.watch(runId, RunStatus.RUNNING, 25);

        assertThat(directive).isEqualTo(new RunDirective(runId, RunStatus.CANCELED, true));
        assertThat(server.requests().getFirst().query()).isEqualTo("status=running&wait_seconds=25");
    }

    @Test
    void anEmptyClaimIsNoRunAndCarriesTheWorker() {
        server.on("/api/v1/runs/claim", r -> Answer.ok("null"));

        assertThat(client.claim("w-1", 120, null, 0)).isEmpty();
        assertThat(JSON.readTree(server.requests().getFirst().body()).path("worker_id").asString()).isEqualTo("w-1");
    }

    @Test
    void aRefusalKeepsPocosCodeAndMessageAndIsNotRetryable() {
        server.on("/api/v1/runs/" + runId + "/start", r -> Answer.error(403, 40300, "Run is claimed by another worker"));

        assertThatThrownBy(() -> client.start(runId, "w")).isInstanceOfSatisfying(ServerException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(403);
            assertThat(e.code()).isEqualTo(40300);
            assertThat(e.getMessage()).contains("Run is claimed by another worker");
            assertThat(e.retryable()).isFalse();
        });
    }

    @Test
    void aServerErrorWithoutJsonIsRetryable() {
        server.on("/api/v1/runs/" + runId + "/heartbeat", r -> new Answer(502, "text/html",
                "<h1>Bad gateway</h1>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> client.heartbeat(runId, "w", null)).isInstanceOfSatisfying(ServerException.class,
                e -> {
                    assertThat(e.httpStatus()).isEqualTo(502);
                    assertThat(e.retryable()).isTrue();
                });
    }

    @Test
    void anUnreachableServerIsRetryable() {
        server.stop();
        assertThatThrownBy(() -> client.heartbeat(runId, "w", null)).isInstanceOfSatisfying(ServerException.class,
                e -> {
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("Cannot reach the Poco server at " + server.base());
                });
    }

    @Test
    void anAttachmentIsStreamedWithTheRunnerToken() throws IOException {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        server.on("/api/v1/internal/attachments/content", r -> new Answer(200, "application/octet-stream", content));

        try (InputStream in = client.attachment("attachments/a b.png")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(URLDecoder.decode(server.requests().getFirst().query(), StandardCharsets.UTF_8))
                .isEqualTo("source=attachments/a b.png");
        assertThat(server.requests().getFirst().token()).isEqualTo("secret-token");
    }

    @Test
    void aRegisteredCredentialGoesAsBearerWithTheWorkerAndA401StopsTheRunner() {
        String credential = "poco_runner_" + "x".repeat(40);
        ServerClient registered = new ServerClient(server.base(), credential, JSON, "worker-7");
        server.on("/api/v1/runs/claim", r -> Answer.ok("null"));
        registered.claim("worker-7", 60, null, 0);
        StandInServer.Request first = server.requests().getFirst();
        assertThat(first.authorization()).isEqualTo("Bearer " + credential);
        assertThat(first.token()).isNull();
        assertThat(first.workerId()).isEqualTo("worker-7");
        assertThat(registered.credentialRefused()).isFalse();

        server.on("/api/v1/runs/" + runId + "/heartbeat", r -> Answer.error(401, 40100, "This runner was revoked"));
        assertThatThrownBy(() -> registered.heartbeat(runId, "worker-7", 60))
                .isInstanceOfSatisfying(ServerException.class, e -> assertThat(e.unauthorized()).isTrue());
        assertThat(registered.credentialRefused()).isTrue();
        // the shared token keeps its header and carries no worker
        assertThat(client.credentialRefused()).isFalse();
    }

    @Test
    void aMissingAttachmentIsAnIoError() {
        server.on("/api/v1/internal/attachments/content", r -> Answer.error(404, 40400, "Attachment not found"));
        assertThatThrownBy(() -> client.attachment("attachments/gone.png")).isInstanceOf(IOException.class)
                .hasMessageContaining("Attachment not found");
    }

    @Test
    void anUploadRefusedWith503IsRetriedAndTheServerGetsTheWholeFileAgain(@TempDir Path dir) throws Exception {
        UUID sessionId = UUID.randomUUID();
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "a line of the workspace file\n".repeat(20_000));
        String expected = Files.readString(file);
        AtomicInteger attempts = new AtomicInteger();
        String path = "/api/v1/internal/sessions/" + sessionId + "/workspace/export/files";
        server.on(path, r -> attempts.incrementAndGet() == 1 ? Answer.error(503, 50300, "Storage unavailable")
                : Answer.ok("null"));

        long size = Files.size(file);
        ServerRetry.backoff(Duration.ofMillis(10), Duration.ofMillis(50)).within(Duration.ofSeconds(30)).call(() -> {
            client.exportFile(sessionId, "/docs/a b+c.txt", size, () -> Files.newInputStream(file));
            return file;
        });

        assertThat(server.requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path()).isEqualTo(path);
            assertThat(URLDecoder.decode(r.query(), StandardCharsets.UTF_8)).isEqualTo("path=/docs/a b+c.txt");
            assertThat(r.token()).isEqualTo("secret-token");
            assertThat(r.body()).isEqualTo(expected);
        });
    }

    @Test
    void anUploadWhoseFileCannotBeReadIsALocalFailureNotTheServers() {
        UUID sessionId = UUID.randomUUID();
        server.on("/api/v1/internal/sessions/" + sessionId + "/workspace/export/files", r -> Answer.ok("null"));

        assertThatThrownBy(() -> client.exportFile(sessionId, "/gone.txt", 10, () -> {
            throw new IOException("Workspace file /gone.txt is gone");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("Workspace file /gone.txt is gone");
    }
}
