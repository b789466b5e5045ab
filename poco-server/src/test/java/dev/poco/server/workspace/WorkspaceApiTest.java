package dev.poco.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.support.ApiTest;
import dev.poco.server.support.Exports;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The session workspace as the user sees it: the file tree, raw bytes, the archive, and the
 * browser screenshot stub. Files are written into a workspace directory and exported to the server
 * with the runner's own exporter (local BlobStore); the server never reads that directory.
 */
class WorkspaceApiTest extends ApiTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, (byte) 0xfe};

    private String sessionId;
    private Path workspace;

    @BeforeEach
    void aSession() {
        JsonNode session = alice.post("/api/v1/sessions", Map.of()).ok();
        sessionId = session.path("session_id").asString();
        workspace = WorkspaceLayout.workspace(pocoHome().resolve("runner-workspaces"),
                session.path("user_id").asString(), UUID.fromString(sessionId));
    }

    private void write(String relative, byte[] content) throws IOException {
        Path file = workspace.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private void write(String relative, String content) throws IOException {
        write(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A small project plus everything that must stay hidden. */
    private void populate() throws IOException {
        write("README.md", "# Hello\n");
        write("src/Main.java", "class Main {}\n");
        write("src/app/util.py", "x = 1\n");
        write("Zeta.txt", "z");
        write("alpha.txt", "a");
        write("chart.png", PNG);
        write("my notes/to do.txt", "spaces");
        write(".git/config", "[core]");
        write("node_modules/left-pad/index.js", "module.exports = 1");
        write(".claude_data/projects/transcript.jsonl", "{}");
        write("src/__pycache__/util.cpython-312.pyc", "bytecode");
        Path outside = Files.createTempFile("outside", ".txt");
        Files.writeString(outside, "secret outside the workspace");
        Files.createSymbolicLink(workspace.resolve("escape.txt"), outside);
        Files.createSymbolicLink(workspace.resolve("linked-dir"), outside.getParent());
        Exports.export(port, sessionId, workspace);
    }

    private String files() {
        return "/api/v1/sessions/" + sessionId + "/workspace/files";
    }

    private String raw(String path) {
        return "/api/v1/sessions/" + sessionId + "/workspace/raw?path=" + path;
    }

    @Test
    void aSessionWithoutAWorkspaceListsNothing() {
        var reply = alice.get(files());
        assertThat(reply.ok()).isEmpty();
        assertThat(reply.message()).contains("empty").contains("not ready");
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/workspace/archive").ok().path("url").isNull())
                .as("no archive to download yet").isTrue();
        alice.get("/api/v1/sessions/" + sessionId + "/workspace/archive.zip").error(404, 40400);
        alice.get(raw("/README.md")).error(404, 40400);
    }

    @Test
    void theTreeShowsFoldersFirstAndHidesIgnoredDirsAndLinks() throws IOException {
        populate();
        JsonNode tree = alice.get(files()).ok();
        assertThat(tree).extracting(n -> n.path("name").asString())
                .containsExactly("my notes", "src", "alpha.txt", "chart.png", "README.md", "Zeta.txt");

        JsonNode src = tree.get(1);
        assertThat(src.path("type").asString()).isEqualTo("folder");
        assertThat(src.path("path").asString()).isEqualTo("/src");
        assertThat(src.path("id").asString()).isEqualTo("/src");
        assertThat(src.path("url").isNull()).isTrue();
        assertThat(src.path("children")).extracting(n -> n.path("path").asString())
                .containsExactly("/src/app", "/src/Main.java");
        assertThat(src.path("children").get(0).path("children").get(0).path("path").asString())
                .isEqualTo("/src/app/util.py");

        JsonNode readme = tree.get(4);
        assertThat(readme.path("type").asString()).isEqualTo("file");
        assertThat(readme.path("id").asString()).isEqualTo("/README.md");
        assertThat(readme.path("path").asString()).isEqualTo("/README.md");
        assertThat(readme.path("mimeType").asString()).isEqualTo("text/markdown");
        assertThat(readme.path("url").asString())
                .isEqualTo("/api/v1/sessions/" + sessionId + "/workspace/raw?path=/README.md");
        assertThat(readme.path("children").isNull()).isTrue();
        assertThat(readme.path("size").asLong()).isEqualTo(8);
        assertThat(tree.get(0).path("children").get(0).path("url").asString())
                .isEqualTo("/api/v1/sessions/" + sessionId + "/workspace/raw?path=/my%20notes/to%20do.txt");
    }

    @Test
    void fileUrlsServeTheBytesWithTheirContentType() throws IOException {
        populate();
        JsonNode tree = alice.get(files()).ok();
        HttpResponse<byte[]> readme = alice.getBytes(tree.get(4).path("url").asString());
        assertThat(readme.statusCode()).isEqualTo(200);
        assertThat(new String(readme.body(), StandardCharsets.UTF_8)).isEqualTo("# Hello\n");
        assertThat(readme.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/markdown")
                .contains("charset=UTF-8");
        assertThat(readme.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline");

        HttpResponse<byte[]> png = alice.getBytes(raw("chart.png"));
        assertThat(png.body()).isEqualTo(PNG);
        assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(alice.getBytes(raw("/src/app/util.py&download=true")).headers()
                .firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        HttpResponse<byte[]> spaced = alice.getBytes(tree.get(0).path("children").get(0).path("url").asString());
        assertThat(new String(spaced.body(), StandardCharsets.UTF_8)).isEqualTo("spaces");
    }

    /** Issue 16: an agent's page runs sandboxed and may call no server, even opened on its own in a tab. */
    @Test
    void activeDocumentsAreServedUnderAPolicyThatAllowsNoServerCalls() throws IOException {
        write("page.html", "<!doctype html><h1>Hi</h1><script>fetch('/api/v1/sessions')</script>");
        write("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        write("notes.txt", "plain");
        Exports.export(port, sessionId, workspace);

        for (String active : List.of("page.html", "logo.svg")) {
            var headers = alice.getBytes(raw(active)).headers();
            assertThat(headers.allValues("Content-Security-Policy")).as(active).singleElement().asString()
                    .startsWith("sandbox allow-scripts;").contains("default-src 'none'")
                    .contains("connect-src 'none'").contains("form-action 'none'").contains("frame-src 'none'")
                    .contains("frame-ancestors 'self'").doesNotContain("allow-same-origin");
        }
        assertThat(alice.getBytes(raw("notes.txt")).headers().allValues("Content-Security-Policy"))
                .containsExactly("sandbox allow-scripts");
    }

    @Test
    void pathsThatLeaveTheWorkspaceAreRefused() throws IOException {
        populate();
        alice.get(raw("../../../../etc/passwd")).error(400, 40000);
        alice.get(raw("src/../../README.md")).error(400, 40000);
        alice.get(raw("%2e%2e/%2e%2e/etc/passwd")).error(400, 40000);
        alice.get(raw("%2E%2E%2F%2E%2E%2Fetc%2Fpasswd")).error(400, 40000);
        alice.get(raw("..%5C..%5Cetc")).error(400, 40000);
        // an absolute path is read inside the workspace
        alice.get(raw("/etc/passwd")).error(404, 40400);
        // links are never exported, so there is nothing behind them
        alice.get(raw("escape.txt")).error(404, 40400);
        alice.get(raw("linked-dir/whatever")).error(404, 40400);
        alice.get(raw(".git/config")).error(404, 40400);
        alice.get(raw("node_modules/left-pad/index.js")).error(404, 40400);
        alice.get(raw(".claude_data/projects/transcript.jsonl")).error(404, 40400);
        alice.get(raw("src")).error(404, 40400); // a folder is not a file
        alice.get(raw("nope.txt")).error(404, 40400);
        alice.get(raw("a%00b")).error(400, 40000);
        alice.get(raw("")).error(400, 40000);
        alice.get("/api/v1/sessions/" + sessionId + "/workspace/raw").error(422, 40000);
    }

    @Test
    void theArchiveZipsTheVisibleFiles() throws IOException {
        populate();
        JsonNode archive = alice.get("/api/v1/sessions/" + sessionId + "/workspace/archive").ok();
        assertThat(archive.path("filename").asString()).isEqualTo("workspace-" + sessionId + ".zip");
        assertThat(archive.path("url").asString()).isEqualTo("/api/v1/sessions/" + sessionId + "/workspace/archive.zip");

        HttpResponse<byte[]> zip = alice.getBytes(archive.path("url").asString());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).containsExactlyInAnyOrder("README.md", "src/Main.java", "src/app/util.py", "Zeta.txt",
                "alpha.txt", "chart.png", "my notes/to do.txt");
    }

    @Test
    void anotherUsersWorkspaceIsForbidden() throws IOException {
        populate();
        bob.get(files()).error(403, 40300);
        bob.get(raw("README.md")).error(403, 40300);
        bob.get("/api/v1/sessions/" + sessionId + "/workspace/archive").error(403, 40300);
        bob.get("/api/v1/sessions/" + sessionId + "/workspace/archive.zip").error(403, 40300);
        String unknown = "/api/v1/sessions/" + UUID.randomUUID() + "/workspace/";
        alice.get(unknown + "files").error(404, 40400);
        alice.get(unknown + "raw?path=README.md").error(404, 40400);
        alice.get(unknown + "archive").error(404, 40400);
        alice.get("/api/v1/sessions/x/workspace/files").error(422, 40000);
    }

    @Test
    void theWorkspaceIsServedFromItsExportAfterTheRunnersDirectoryIsGone() throws IOException {
        populate();
        JsonNode view = alice.get("/api/v1/sessions/" + sessionId).ok();
        assertThat(view.path("workspace_export_status").asString()).isEqualTo("ready");
        deleteTree(workspace);

        assertThat(alice.get(files()).ok()).extracting(n -> n.path("name").asString())
                .containsExactly("my notes", "src", "alpha.txt", "chart.png", "README.md", "Zeta.txt");
        assertThat(alice.getBytes(raw("chart.png")).body()).isEqualTo(PNG);
        assertThat(zipEntries(alice.getBytes("/api/v1/sessions/" + sessionId + "/workspace/archive.zip").body()))
                .containsEntry("src/app/util.py", "x = 1\n").hasSize(7);
    }

    @Test
    void aLaterExportUploadsOnlyChangedFilesAndDropsDeletedOnes() throws IOException {
        populate();
        write("alpha.txt", "changed");
        Files.delete(workspace.resolve("Zeta.txt"));
        write("new/file.txt", "new");

        var result = Exports.export(port, sessionId, workspace);
        assertThat(result.uploaded()).as("alpha.txt and new/file.txt").isEqualTo(2);
        assertThat(result.files()).isEqualTo(7);
        assertThat(new String(alice.getBytes(raw("alpha.txt")).body(), StandardCharsets.UTF_8)).isEqualTo("changed");
        alice.get(raw("Zeta.txt")).error(404, 40400);
        assertThat(alice.get(files()).ok()).extracting(n -> n.path("name").asString())
                .containsExactly("my notes", "new", "src", "alpha.txt", "chart.png", "README.md");
        assertThat(zipEntries(alice.getBytes("/api/v1/sessions/" + sessionId + "/workspace/archive.zip").body()))
                .containsEntry("alpha.txt", "changed").containsKey("new/file.txt").doesNotContainKey("Zeta.txt");
    }

    @Test
    void anExportOverTheSizeCapFailsAndTheLastGoodOneStaysServed() throws IOException {
        populate();
        write("big.bin", new byte[EXPORT_MAX_MB * 1024 * 1024 + 1]);
        assertThat(Exports.exporter(port).export(UUID.fromString(sessionId), UUID.randomUUID(), workspace)).isNull();

        JsonNode view = alice.get("/api/v1/sessions/" + sessionId).ok();
        assertThat(view.path("workspace_export_status").asString()).isEqualTo("failed");
        assertThat(alice.get(files()).ok()).extracting(n -> n.path("name").asString()).doesNotContain("big.bin")
                .contains("README.md");
        var archive = alice.get("/api/v1/sessions/" + sessionId + "/workspace/archive");
        assertThat(archive.ok().path("url").isNull()).as("poco: no archive URL unless the export is ready").isTrue();
    }

    @Test
    void theExportEndpointsAreTheRunnersAndRefuseBadPaths() {
        String export = "/api/v1/internal/sessions/" + sessionId + "/workspace/export";
        byte[] bytes = "x".getBytes(StandardCharsets.UTF_8);
        alice.get(export).error(403, 40300);
        alice.sendAs("PUT", export + "/files?path=/a.txt", "application/octet-stream", bytes).error(403, 40300);
        runner.sendAs("PUT", export + "/files?path=/../../etc/passwd", "application/octet-stream", bytes)
                .error(400, 40000);
        runner.sendAs("PUT", export + "/files?path=/.git/config", "application/octet-stream", bytes).error(404, 40400);
        runner.get("/api/v1/internal/sessions/" + UUID.randomUUID() + "/workspace/export").error(404, 40400);
        runner.post(export, Map.of("run_id", UUID.randomUUID().toString(), "files", List.of(Map.of("path", "/never.txt",
                "size", 1, "sha256", "00")))).error(409, 40000);
    }

    @Test
    void aBranchsFirstExportUploadsEverythingUnderItsOwnKeys() throws IOException {
        populate();
        JsonNode source = alice.get("/api/v1/sessions/" + sessionId).ok();
        String branchId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        // a branch starts with its source's export (SessionBranchService copies the keys)
        alice.patch("/api/v1/sessions/" + branchId, Map.of(
                "workspace_files_prefix", source.path("workspace_files_prefix").asString(),
                "workspace_manifest_key", source.path("workspace_manifest_key").asString(),
                "workspace_archive_key", source.path("workspace_archive_key").asString(),
                "workspace_export_status", "ready")).ok();
        assertThat(alice.get("/api/v1/sessions/" + branchId + "/workspace/files").ok()).isNotEmpty();

        var result = Exports.export(port, branchId, workspace);
        assertThat(result.uploaded()).isEqualTo(result.files()).isEqualTo(7);
        assertThat(alice.get("/api/v1/sessions/" + branchId).ok().path("workspace_manifest_key").asString())
                .contains(branchId).doesNotContain(sessionId);
    }

    @Test
    void keysPatchedToAnotherUsersExportAreNeverRead() throws IOException {
        populate();
        JsonNode alices = alice.get("/api/v1/sessions/" + sessionId).ok();
        String bobs = bob.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
        bob.patch("/api/v1/sessions/" + bobs, Map.of(
                "workspace_files_prefix", alices.path("workspace_files_prefix").asString(),
                "workspace_manifest_key", alices.path("workspace_manifest_key").asString(),
                "workspace_archive_key", alices.path("workspace_archive_key").asString(),
                "workspace_export_status", "ready")).ok();
        assertThat(bob.get("/api/v1/sessions/" + bobs + "/workspace/files").ok()).isEmpty();
        bob.get("/api/v1/sessions/" + bobs + "/workspace/raw?path=README.md").error(404, 40400);
        assertThat(bob.get("/api/v1/sessions/" + bobs + "/workspace/archive").ok().path("url").isNull()).isTrue();
        bob.get("/api/v1/sessions/" + bobs + "/workspace/archive.zip").error(404, 40400);
    }

    private static Map<String, String> zipEntries(byte[] zip) throws IOException {
        Map<String, String> entries = new java.util.HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
