package dev.poco.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.support.Exports;
import dev.poco.server.support.S3ApiTest;
import dev.poco.testkit.s3.S3MockServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Workspace exports with S3 storage: files and archive in the bucket, presigned URLs that S3 itself serves. */
class WorkspaceS3ApiTest extends S3ApiTest {

    @Test
    void anExportedWorkspaceIsServedThroughPresignedUrls() throws IOException {
        JsonNode session = alice.post("/api/v1/sessions", Map.of()).ok();
        String sessionId = session.path("session_id").asString();
        String user = session.path("user_id").asString();
        Path workspace = WorkspaceLayout.workspace(Files.createTempDirectory("s3-runner"), user,
                UUID.fromString(sessionId));
        Files.createDirectories(workspace.resolve("docs"));
        Files.writeString(workspace.resolve("docs/notes.md"), "# notes\n");
        Files.createDirectories(workspace.resolve(".git"));
        Files.writeString(workspace.resolve(".git/config"), "[core]");
        Exports.export(port, sessionId, workspace);

        JsonNode tree = alice.get("/api/v1/sessions/" + sessionId + "/workspace/files").ok();
        JsonNode notes = tree.get(0).path("children").get(0);
        assertThat(notes.path("path").asString()).isEqualTo("/docs/notes.md");
        assertThat(notes.path("oss_status").asString()).isEqualTo("uploaded");
        String url = notes.path("url").asString();
        assertThat(url).startsWith(S3MockServer.endpoint() + "/" + S3MockServer.BUCKET + "/workspaces/" + user + "/"
                + sessionId + "/files/docs/notes.md?");
        HttpResponse<byte[]> file = fetch(url);
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("# notes\n");
        assertThat(file.headers().firstValue("Content-Type")).hasValue("text/markdown");

        JsonNode archive = alice.get("/api/v1/sessions/" + sessionId + "/workspace/archive").ok();
        HttpResponse<byte[]> zip = fetch(archive.path("url").asString());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
                .contains("workspace-" + sessionId + ".zip");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).containsExactly("docs/notes.md");
        // the server streams from the bucket too
        assertThat(new String(alice.getBytes("/api/v1/sessions/" + sessionId + "/workspace/raw?path=docs/notes.md")
                .body(), StandardCharsets.UTF_8)).isEqualTo("# notes\n");
    }
}
