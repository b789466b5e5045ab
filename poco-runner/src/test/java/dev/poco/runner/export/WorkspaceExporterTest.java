package dev.poco.runner.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.StandInServer;
import dev.poco.runner.server.StandInServer.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The exporter's calls through the runner's server client, against a stand-in server on a real socket. */
class WorkspaceExporterTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final UUID sessionId = UUID.randomUUID();
    private final UUID runId = UUID.randomUUID();
    private final String export = "/api/v1/internal/sessions/" + sessionId + "/workspace/export";
    private final StandInServer server = new StandInServer()
            .on(export, r -> r.method().equals("GET") ? Answer.ok("{\"manifest\":null,\"max_bytes\":1048576}")
                    : Answer.ok("{\"version\":1,\"generated_at\":\"2026-01-01T00:00:00Z\",\"files\":[]}"));

    @TempDir
    Path workspace;

    @TempDir
    Path scratch;

    @AfterEach
    void close() {
        server.close();
    }

    private WorkspaceExporter exporter() {
        return new WorkspaceExporter(new ServerClient(server.base(), "t", JSON), scratch);
    }

    @Test
    void uploadsThatMeetAServerErrorAreSentAgainWhole() throws Exception {
        String content = "line of the report\n".repeat(10_000);
        Files.writeString(workspace.resolve("report.txt"), content);
        AtomicInteger filePuts = new AtomicInteger();
        AtomicInteger archivePuts = new AtomicInteger();
        server.on(export + "/files", r -> filePuts.incrementAndGet() == 1 ? Answer.error(503, 50300, "busy")
                : Answer.ok("null"));
        server.on(export + "/archive", r -> archivePuts.incrementAndGet() == 1
                ? new Answer(502, "text/html", "<h1>Bad gateway</h1>".getBytes()) : Answer.ok("null"));

        WorkspaceExporter.Result result = exporter().export(sessionId, runId, workspace);

        assertThat(result).isEqualTo(new WorkspaceExporter.Result(1, 1, content.length(), false, 1048576));
        assertThat(server.requests()).filteredOn(r -> r.path().equals(export + "/files"))
                .hasSize(2).allSatisfy(r -> assertThat(r.body()).isEqualTo(content));
        assertThat(archivePuts).hasValue(2);
        JsonNode commit = JSON.readTree(server.requests().getLast().body());
        assertThat(commit.path("files").get(0).path("path").asString()).isEqualTo("/report.txt");
        assertThat(commit.path("error").isNull() || commit.path("error").isMissingNode()).isTrue();
    }

    @Test
    void aRefusedUploadIsNotRetriedAndTheExportIsReportedFailed() throws Exception {
        Files.writeString(workspace.resolve("a.txt"), "a");
        server.on(export + "/files", r -> Answer.ok("null"));
        server.on(export + "/archive", r -> Answer.error(413, 41300, "Workspace archive too large"));

        assertThat(exporter().export(sessionId, runId, workspace)).isNull();

        assertThat(server.count(export + "/archive")).isEqualTo(1);
        JsonNode report = JSON.readTree(server.requests().getLast().body());
        assertThat(report.path("run_id").asString()).isEqualTo(runId.toString());
        assertThat(report.path("error").asString()).contains("Workspace archive too large");
    }
}
