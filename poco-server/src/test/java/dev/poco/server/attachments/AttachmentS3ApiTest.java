package dev.poco.server.attachments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.S3ApiTest;
import dev.poco.testkit.s3.S3MockServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Attachments with S3 storage: the same answers, bytes in the bucket, presigned URLs in message lists. */
class AttachmentS3ApiTest extends S3ApiTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};

    @Test
    void anUploadIsStoredInTheBucketAndListedWithAPresignedUrl() {
        JsonNode file = alice.multipart("/api/v1/attachments/upload", "file", "pic.png", "image/png", PNG).ok();
        String id = file.path("id").asString();
        String user = alice.post("/api/v1/sessions", "{}").ok().path("user_id").asString();
        assertThat(file.path("source").asString()).isEqualTo("attachments/" + user + "/" + id + "/file");
        assertThat(file.path("size").asLong()).isEqualTo(PNG.length);

        // the server streams it from the bucket to its owner and to runners
        assertThat(alice.getBytes("/api/v1/attachments/" + id + "/content").body()).isEqualTo(PNG);
        assertThat(runner.getBytes("/api/v1/internal/attachments/content?source="
                + URLEncoder.encode(file.path("source").asString(), StandardCharsets.UTF_8)).body()).isEqualTo(PNG);

        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "look at it", "schedule_mode",
                "never-claimed-" + UUID.randomUUID(), "config", Map.of("input_files", List.of(file)))).ok();
        JsonNode messages = alice.get("/api/v1/sessions/" + task.path("session_id").asString()
                + "/messages-with-files").ok();
        JsonNode listed = messages.get(0).path("attachments").get(0);
        String url = listed.path("url").asString();
        assertThat(url).startsWith(S3MockServer.endpoint() + "/" + S3MockServer.BUCKET + "/attachments/" + user + "/"
                + id + "/file?").contains("X-Amz-Signature");

        HttpResponse<byte[]> fromS3 = fetch(url);
        assertThat(fromS3.statusCode()).isEqualTo(200);
        assertThat(fromS3.body()).isEqualTo(PNG);
        assertThat(fromS3.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(fromS3.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("inline")
                .contains("pic.png");
    }

    @Test
    void activeTypesArePresignedAsDownloadsAndHtmlNeverAsHtml() {
        JsonNode file = alice.multipart("/api/v1/attachments/upload", "file", "x.html", "text/html",
                "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)).ok();
        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "look", "schedule_mode",
                "never-claimed-" + UUID.randomUUID(), "config", Map.of("input_files", List.of(file)))).ok();
        String url = alice.get("/api/v1/sessions/" + task.path("session_id").asString() + "/messages-with-files")
                .ok().get(0).path("attachments").get(0).path("url").asString();
        HttpResponse<byte[]> fromS3 = fetch(url);
        assertThat(fromS3.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(fromS3.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");
        // another user's source never gets a URL
        assertThat(bob.get("/api/v1/sessions/" + task.path("session_id").asString() + "/messages-with-files")
                .status()).isEqualTo(403);
    }
}
