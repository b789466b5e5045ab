package dev.poco.server.screenshots;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.storage.BlobInfo;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runners upload one PNG per browser tool call (runner token, as every {@code /internal/**} route; poco's manager
 * took a multipart POST at {@code /computer/screenshots}, ours is a raw PUT keyed by the path); the session's owner
 * reads it through poco's {@code GET /sessions/{id}/computer/browser/{tool_use_id}} and the image route it points to.
 */
@RestController
class BrowserScreenshotController {

    private static final String USER_PATH = "/api/v1/sessions/{sessionId}/computer/browser/{toolUseId}";

    /** The most of an oversize body read only to answer 413; a larger one gets a closed connection. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final BrowserScreenshots screenshots;

    BrowserScreenshotController(BrowserScreenshots screenshots) {
        this.screenshots = screenshots;
    }

    /** Body: the PNG's bytes ({@code Content-Type: image/png}); idempotent, a re-upload replaces. */
    @PutMapping("/api/v1/internal/sessions/{sessionId}/computer/browser/{toolUseId}")
    Envelope<BrowserScreenshotReceipt> uploadBrowserScreenshot(@PathVariable UUID sessionId,
            @PathVariable String toolUseId, HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        byte[] png;
        try (InputStream body = request.getInputStream()) {
            png = declared > BrowserScreenshots.MAX_BYTES ? new byte[0]
                    : body.readNBytes((int) BrowserScreenshots.MAX_BYTES + 1);
            if (declared > BrowserScreenshots.MAX_BYTES || png.length > BrowserScreenshots.MAX_BYTES) {
                long rest = drain(body);
                BrowserScreenshots.checkSize(declared >= 0 ? declared : png.length + rest);
            }
        }
        return Envelope.ok("Screenshot uploaded", screenshots.store(sessionId, toolUseId, png));
    }

    /** poco's data {@code {tool_use_id, url}}; HTTP 404 with code 404 "Browser screenshot not ready" while absent. */
    @GetMapping(USER_PATH)
    Envelope<BrowserScreenshotView> getBrowserScreenshot(Caller caller, @PathVariable UUID sessionId,
            @PathVariable String toolUseId) {
        screenshots.require(caller, sessionId, toolUseId);
        return Envelope.ok(new BrowserScreenshotView(toolUseId, imageUrl(sessionId, toolUseId)));
    }

    /**
     * The PNG. A screenshot never changes once taken (a re-upload is the same tool call), so the browser may keep it
     * for an hour; {@code private} because it is the owner's.
     */
    @GetMapping(USER_PATH + "/image")
    ResponseEntity<InputStreamResource> getBrowserScreenshotImage(Caller caller, @PathVariable UUID sessionId,
            @PathVariable String toolUseId) {
        BlobInfo found = screenshots.require(caller, sessionId, toolUseId);
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .contentLength(found.size())
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                .header("X-Content-Type-Options", "nosniff")
                .body(new InputStreamResource(screenshots.open(found)));
    }

    /**
     * Reads and drops what is left of an oversize body, up to {@link #DRAIN_LIMIT}, so the runner reads our 413
     * instead of a broken pipe: Tomcat closes a connection whose unread body is over its swallow limit (2 MB).
     */
    private static long drain(InputStream body) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while (total < DRAIN_LIMIT && (n = body.read(buffer)) > 0) {
            total += n;
        }
        return total;
    }

    static String imageUrl(UUID sessionId, String toolUseId) {
        return "/api/v1/sessions/" + sessionId + "/computer/browser/"
                + URLEncoder.encode(toolUseId, StandardCharsets.UTF_8).replace("+", "%20") + "/image";
    }
}
