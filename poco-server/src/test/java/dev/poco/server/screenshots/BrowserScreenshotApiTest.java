package dev.poco.server.screenshots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.storage.BlobStore;
import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, part 3: a runner uploads the PNG of each browser tool call
 * ({@code PUT /internal/sessions/{id}/computer/browser/{tool_use_id}}); the session's owner reads it through poco's
 * {@code GET /sessions/{id}/computer/browser/{tool_use_id}} and the image route it names.
 */
class BrowserScreenshotApiTest extends ApiTest {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Autowired
    private BlobStore blobs;

    private String sessionId;

    @BeforeEach
    void aSession() {
        sessionId = alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
    }

    /** A PNG signature followed by {@code size - 8} bytes of {@code fill}: the server checks the signature only. */
    private static byte[] png(int size, int fill) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) fill);
        System.arraycopy(SIGNATURE, 0, bytes, 0, SIGNATURE.length);
        return bytes;
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String upload(String toolUseId) {
        return "/api/v1/internal/sessions/" + sessionId + "/computer/browser/" + segment(toolUseId);
    }

    private String view(String toolUseId) {
        return "/api/v1/sessions/" + sessionId + "/computer/browser/" + segment(toolUseId);
    }

    private String aliceDir() {
        return alice.headers().get("X-User-Id");
    }

    @Test
    void anUploadedScreenshotIsServedToTheSessionsOwner() throws IOException {
        byte[] png = png(4096, 7);
        JsonNode receipt = runner.sendAs("PUT", upload("toolu_01ABC"), "image/png", png).ok();
        String key = "replays/" + aliceDir() + "/" + sessionId + "/browser/toolu_01ABC.png";
        assertThat(receipt.path("session_id").asString()).isEqualTo(sessionId);
        assertThat(receipt.path("tool_use_id").asString()).isEqualTo("toolu_01ABC");
        assertThat(receipt.path("key").asString()).isEqualTo(key);
        assertThat(receipt.path("content_type").asString()).isEqualTo("image/png");
        assertThat(receipt.path("size_bytes").asLong()).isEqualTo(png.length);
        try (InputStream stored = blobs.get(key).orElseThrow()) {
            assertThat(stored.readAllBytes()).isEqualTo(png);
        }

        JsonNode data = alice.get(view("toolu_01ABC")).ok();
        assertThat(data.path("tool_use_id").asString()).isEqualTo("toolu_01ABC");
        String url = data.path("url").asString();
        assertThat(url).isEqualTo(view("toolu_01ABC") + "/image");

        HttpResponse<byte[]> image = alice.getBytes(url);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.body()).isEqualTo(png);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.headers().firstValue("Cache-Control")).hasValue("private, max-age=3600");
        assertThat(image.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void aReUploadReplacesTheScreenshot() {
        runner.sendAs("PUT", upload("toolu_again"), "image/png", png(100, 1)).ok();
        byte[] second = png(200, 2);
        runner.sendAs("PUT", upload("toolu_again"), "image/png", second).ok();
        assertThat(alice.getBytes(view("toolu_again") + "/image").body()).isEqualTo(second);
    }

    @Test
    void beforeTheUploadTheScreenshotIsNotReady() {
        Reply reply = alice.get(view("toolu_later")).error(404, 404);
        assertThat(reply.message()).isEqualTo("Browser screenshot not ready");
        assertThat(alice.get(view("toolu_later") + "/image").error(404, 404).message())
                .isEqualTo("Browser screenshot not ready");
        String unknownSession = "/api/v1/sessions/" + UUID.randomUUID() + "/computer/browser/toolu_later";
        alice.get(unknownSession).error(404, 40400);
        alice.get(unknownSession + "/image").error(404, 40400);
    }

    @Test
    void bytesThatAreNotAPngAreRefused() {
        byte[] gif = "GIF89a not a png".getBytes(StandardCharsets.US_ASCII);
        assertThat(runner.sendAs("PUT", upload("toolu_gif"), "image/png", gif).error(400, 40000).message())
                .isEqualTo("Not a PNG image");
        assertThat(runner.sendAs("PUT", upload("toolu_gif"), "image/png", new byte[0]).error(400, 40000).message())
                .isEqualTo("Not a PNG image");
        assertThat(runner.sendAs("PUT", upload("toolu_gif"), "image/png", Arrays.copyOf(SIGNATURE, 7))
                .error(400, 40000).message()).isEqualTo("Not a PNG image");
        alice.get(view("toolu_gif")).error(404, 404);
    }

    @Test
    void aScreenshotOverTenMibIsRefused() {
        int max = 10 * 1024 * 1024;
        JsonNode data = runner.sendAs("PUT", upload("toolu_big"), "image/png", png(max + 1, 0)).error(413, 413).data();
        assertThat(data.path("max_bytes").asLong()).isEqualTo(max);
        assertThat(data.path("actual_bytes").asLong()).isEqualTo(max + 1);
        alice.get(view("toolu_big")).error(404, 404);
        runner.sendAs("PUT", upload("toolu_big"), "image/png", png(max, 0)).ok();
    }

    @Test
    void onlyTheRunnerMayUploadAndOnlyToASessionThatExists() {
        alice.sendAs("PUT", upload("toolu_1"), "image/png", png(100, 1)).error(403, 40300);
        anonymous.sendAs("PUT", upload("toolu_1"), "image/png", png(100, 1)).error(403, 40300);
        alice.get(view("toolu_1")).error(404, 404);
        runner.sendAs("PUT", "/api/v1/internal/sessions/" + UUID.randomUUID() + "/computer/browser/toolu_1",
                "image/png", png(100, 1)).error(404, 40400);
    }

    @Test
    void anotherUserCannotReadTheScreenshot() {
        runner.sendAs("PUT", upload("toolu_private"), "image/png", png(100, 1)).ok();
        bob.get(view("toolu_private")).error(403, 40300);
        bob.get(view("toolu_private") + "/image").error(403, 40300);
    }

    @Test
    void anOddToolUseIdIsSanitisedIntoTheKeyAndReadableByTheSameId() {
        String odd = "..x y:ü";
        byte[] png = png(300, 3);
        JsonNode receipt = runner.sendAs("PUT", upload(odd), "image/png", png).ok();
        assertThat(receipt.path("tool_use_id").asString()).isEqualTo(odd);
        assertThat(receipt.path("key").asString())
                .isEqualTo("replays/" + aliceDir() + "/" + sessionId + "/browser/x_y.png");

        JsonNode data = alice.get(view(odd)).ok();
        assertThat(data.path("tool_use_id").asString()).isEqualTo(odd);
        assertThat(alice.getBytes(data.path("url").asString()).body()).isEqualTo(png);
        // poco's sanitiser maps different ids to one key; the same key answers for both
        assertThat(alice.getBytes(view("x_y") + "/image").body()).isEqualTo(png);
    }

    @Test
    void anIdWithASlashNeverReachesTheRoute() {
        // Tomcat refuses an encoded "/" in a path (400), so "../x y" cannot be sent; BlobKeysTest covers its key
        runner.sendAs("PUT", upload("../x y"), "image/png", png(100, 1)).error(400, 40000);
        alice.get(view("../x y")).error(400, 40000);
    }
}
