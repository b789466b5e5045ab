package dev.poco.server.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import dev.poco.testkit.http.Api;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Uploads (multipart), reading one's own attachment, and the runner's fetch by source key. */
class AttachmentApiTest extends ApiTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode upload(String name, String type, byte[] content) {
        return alice.multipart("/api/v1/attachments/upload", "file", name, type, content).ok();
    }

    @Test
    void anUploadAnswersTheInputFileToSendWithATask() {
        JsonNode file = upload("report.csv", "text/csv", utf8("a,b\n1,2\n"));
        String id = file.path("id").asString();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(file.path("type").asString()).isEqualTo("file");
        assertThat(file.path("name").asString()).isEqualTo("report.csv");
        String user = alice.post("/api/v1/sessions", "{}").ok().path("user_id").asString();
        assertThat(file.path("source").asString()).isEqualTo("attachments/" + user + "/" + id + "/file");
        assertThat(file.path("size").asLong()).isEqualTo(8);
        assertThat(file.path("content_type").asString()).isEqualTo("text/csv");
        assertThat(file.has("path")).isTrue();
        assertThat(file.path("path").isNull()).isTrue();
    }

    @Test
    void theOwnerReadsTheBytesBack() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        String id = upload("pic.png", "image/png", png).path("id").asString();
        HttpResponse<byte[]> content = alice.getBytes("/api/v1/attachments/" + id + "/content");
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(png);
        assertThat(content.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(content.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline");
        assertThat(alice.getBytes("/api/v1/attachments/" + id + "/content?download=true").headers()
                .firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
    }

    @Test
    void uploadedHtmlIsNeverServedAsHtml() {
        String id = upload("x.html", "text/html", utf8("<script>alert(1)</script>")).path("id").asString();
        HttpResponse<byte[]> content = alice.getBytes("/api/v1/attachments/" + id + "/content");
        assertThat(content.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(content.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void activeTypesAreSandboxedDownloads() {
        String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        for (String[] upload : new String[][] {{"x.svg", "image/svg+xml"}, {"x.html", "text/html"},
                {"x.xml", "application/xml"}, {"x.xhtml", "application/xhtml+xml"}, {"x.js", "text/javascript"},
                {"x.bin", "application/x-unknown"}}) {
            String id = upload(upload[0], upload[1], utf8(svg)).path("id").asString();
            HttpResponse<byte[]> content = alice.getBytes("/api/v1/attachments/" + id + "/content");
            assertThat(content.statusCode()).isEqualTo(200);
            assertThat(content.headers().allValues("Content-Security-Policy")).as(upload[1]).containsExactly("sandbox");
            assertThat(content.headers().allValues("X-Content-Type-Options")).as(upload[1]).containsExactly("nosniff");
            assertThat(content.headers().firstValue("Content-Disposition").orElseThrow()).as(upload[1])
                    .startsWith("attachment");
        }
    }

    @Test
    void passiveTypesStayInlineAndEveryAnswerIsNosniff() {
        for (String type : new String[] {"image/png", "text/plain", "application/pdf", "video/mp4"}) {
            String id = upload("f", type, utf8("x")).path("id").asString();
            HttpResponse<byte[]> content = alice.getBytes("/api/v1/attachments/" + id + "/content");
            assertThat(content.headers().firstValue("Content-Disposition").orElseThrow()).as(type).startsWith("inline");
            assertThat(content.headers().allValues("X-Content-Type-Options")).as(type).containsExactly("nosniff");
            assertThat(content.headers().firstValue("Content-Security-Policy").orElseThrow()).as(type)
                    .doesNotContain("sandbox").contains("default-src 'self'");
        }
    }

    @Test
    void aTaskMayStageOnlyTheCallersOwnAttachments() {
        JsonNode alices = upload("secret.txt", "text/plain", utf8("alice only"));
        Map<String, Object> stolen = Map.of("type", "file", "name", "secret.txt",
                "source", alices.path("source").asString());
        assertThat(bob.post("/api/v1/tasks", Map.of("prompt", "read it", "config",
                Map.of("input_files", List.of(stolen)))).error(403, 40300).message()).contains("another user");
        Map<String, Object> untyped = Map.of("name", "secret.txt", "source", alices.path("source").asString());
        bob.post("/api/v1/tasks", Map.of("prompt", "read it", "config", Map.of("input_files", List.of(untyped))))
                .error(403, 40300);

        String user = alice.post("/api/v1/sessions", "{}").ok().path("user_id").asString();
        Map<String, Object> missing = Map.of("name", "gone.txt",
                "source", "attachments/" + user + "/" + UUID.randomUUID() + "/file");
        alice.post("/api/v1/tasks", Map.of("prompt", "read it", "config", Map.of("input_files", List.of(missing))))
                .error(404, 40400);
        Map<String, Object> path = Map.of("name", "passwd", "source", "../../etc/passwd");
        alice.post("/api/v1/tasks", Map.of("prompt", "read it", "config", Map.of("input_files", List.of(path))))
                .error(422, 40000);

        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "read it", "schedule_mode",
                "never-claimed-" + UUID.randomUUID(), "config", Map.of("input_files", List.of(alices)))).ok();
        assertThat(task.path("run_id").asString()).isNotBlank();
    }

    @Test
    void filenamesAreReducedToTheirLastSegment() {
        assertThat(upload("..\\..\\secret\\evil.txt", "text/plain", utf8("x")).path("name").asString())
                .isEqualTo("evil.txt");
        assertThat(upload("a/b/c.txt", "text/plain", utf8("x")).path("name").asString()).isEqualTo("c.txt");
        assertThat(upload("..", "text/plain", utf8("x")).path("name").asString()).isEqualTo("upload.bin");
        assertThat(upload("n".repeat(300) + ".txt", "text/plain", utf8("x")).path("name").asString()).hasSize(255);
        assertThat(upload("tab\tand\u0007bell.txt", "text/plain", utf8("x")).path("name").asString())
                .isEqualTo("tabandbell.txt");
    }

    @Test
    void aNonAsciiNameSurvivesTheRoundTrip() {
        JsonNode file = upload("报告 2025.txt", "text/plain", utf8("x"));
        assertThat(file.path("name").asString()).isEqualTo("报告 2025.txt");
        HttpResponse<byte[]> content = alice.getBytes("/api/v1/attachments/" + file.path("id").asString() + "/content");
        assertThat(content.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("UTF-8''%E6%8A%A5%E5%91%8A%202025.txt");
    }

    @Test
    void anUploadTomcatRefusesAsTooLargeNamesTheLimit() {
        byte[] big = new byte[MAX_UPLOAD_MB * 1024 * 1024 + 200 * 1024];
        JsonNode reply = Api.JSON.readTree(alice.multipart("/api/v1/attachments/upload", "file", "big.bin",
                "application/octet-stream", big).error(413, 413).body());
        assertThat(reply.path("message").asString()).contains("MAX_UPLOAD_SIZE_MB").contains(MAX_UPLOAD_MB + " MB");
        assertThat(reply.path("data").path("max_bytes").asLong()).isEqualTo(MAX_UPLOAD_MB * 1024L * 1024L);
    }

    @Test
    void anUploadOverTheLimitIs413WithTheSizes() {
        int max = MAX_UPLOAD_MB * 1024 * 1024;
        byte[] big = new byte[max + 1];
        Arrays.fill(big, (byte) 'x');
        JsonNode data = alice.multipart("/api/v1/attachments/upload", "file", "big.bin", "application/octet-stream", big)
                .error(413, 413).data();
        assertThat(data.path("max_bytes").asLong()).isEqualTo(max);
        assertThat(data.path("actual_bytes").asLong()).isEqualTo(max + 1);
        assertThat(upload("fits.bin", "application/octet-stream", new byte[max]).path("size").asLong()).isEqualTo(max);
    }

    @Test
    void badUploadsAreRefused() {
        alice.multipart("/api/v1/attachments/upload", "other", "a.txt", "text/plain", utf8("x")).error(422, 40000);
        alice.post("/api/v1/attachments/upload", "{\"file\": \"x\"}").error(415, 40000);
        alice.sendAs("POST", "/api/v1/attachments/upload", "multipart/form-data; boundary=zzz", utf8("garbage"))
                .error(422, 40000);
        alice.sendAs("POST", "/api/v1/attachments/upload", "multipart/form-data", utf8("no boundary"))
                .error(400, 40000);
    }

    @Test
    void anotherUsersAttachmentIsNotFound() {
        String id = upload("mine.txt", "text/plain", utf8("private")).path("id").asString();
        bob.get("/api/v1/attachments/" + id + "/content").error(404, 40400);
        alice.get("/api/v1/attachments/" + UUID.randomUUID() + "/content").error(404, 40400);
        alice.get("/api/v1/attachments/not-a-uuid/content").error(422, 40000);
    }

    @Test
    void theRunnerFetchesAnyAttachmentBySourceKey() {
        JsonNode file = upload("in.txt", "text/plain", utf8("for the agent"));
        String source = URLEncoder.encode(file.path("source").asString(), StandardCharsets.UTF_8);
        HttpResponse<byte[]> content = runner.getBytes("/api/v1/internal/attachments/content?source=" + source);
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(new String(content.body(), StandardCharsets.UTF_8)).isEqualTo("for the agent");
        assertThat(content.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");

        alice.get("/api/v1/internal/attachments/content?source=" + source).error(403, 40300);
        runner.get("/api/v1/internal/attachments/content?source="
                + URLEncoder.encode("attachments/nobody/" + UUID.randomUUID() + "/file", StandardCharsets.UTF_8))
                .error(404, 40400);
        runner.get("/api/v1/internal/attachments/content?source="
                + URLEncoder.encode("../../etc/passwd", StandardCharsets.UTF_8)).error(404, 40400);
        runner.get("/api/v1/internal/attachments/content").error(422, 40000);
    }
}
