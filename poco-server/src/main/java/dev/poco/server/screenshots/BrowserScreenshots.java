package dev.poco.server.screenshots;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.PayloadTooLargeException;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.storage.BlobInfo;
import dev.poco.server.storage.BlobKeys;
import dev.poco.server.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Stores runners' browser screenshots and finds them for the session's owner. The key is derived from the session's
 * owner and the two ids, so there is no table: whether a screenshot exists is whether its key does.
 */
@Service
class BrowserScreenshots {

    static final String CONTENT_TYPE = "image/png";
    /** A full-page PNG of a large viewport stays well under this; the bytes are held in memory while checked. */
    static final long MAX_BYTES = 10L * 1024 * 1024;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final BlobStore blobs;
    private final SessionService sessions;

    BrowserScreenshots(BlobStore blobs, SessionService sessions) {
        this.blobs = blobs;
        this.sessions = sessions;
    }

    /**
     * Stores {@code png} as the screenshot of {@code toolUseId}, replacing an earlier upload of the same id.
     *
     * @throws NotFoundException when the session does not exist
     * @throws BadRequestException when the bytes are not a PNG
     * @throws PayloadTooLargeException over {@link #MAX_BYTES}
     */
    BrowserScreenshotReceipt store(UUID sessionId, String toolUseId, byte[] png) {
        Session session = sessions.find(sessionId)
                .orElseThrow(() -> new NotFoundException("Session not found: " + sessionId));
        checkSize(png.length);
        if (png.length < PNG_SIGNATURE.length
                || !Arrays.equals(png, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            throw new BadRequestException("Not a PNG image");
        }
        String key = key(session, toolUseId);
        blobs.put(key, new ByteArrayInputStream(png), png.length, CONTENT_TYPE);
        return new BrowserScreenshotReceipt(session.id(), toolUseId, key, CONTENT_TYPE, png.length);
    }

    /** The caller's screenshot; NOT_FOUND or FORBIDDEN for the session as every session endpoint answers. */
    BlobInfo require(Caller caller, UUID sessionId, String toolUseId) {
        Session session = sessions.requireReadable(caller, sessionId);
        return blobs.stat(key(session, toolUseId)).orElseThrow(BrowserScreenshots::notReady);
    }

    /** The bytes of a screenshot {@link #require} found; the caller closes the stream. */
    InputStream open(BlobInfo screenshot) {
        return blobs.get(screenshot.key()).orElseThrow(BrowserScreenshots::notReady);
    }

    /** Refuses more than {@link #MAX_BYTES}; {@code size} may be a lower bound when the body's length was unknown. */
    static void checkSize(long size) {
        if (size > MAX_BYTES) {
            throw new PayloadTooLargeException("A browser screenshot is at most " + MAX_BYTES / (1024 * 1024)
                    + " MiB", MAX_BYTES, size);
        }
    }

    private static String key(Session session, String toolUseId) {
        String key = BlobKeys.browserScreenshot(session.userId(), session.id().toString(), toolUseId);
        try {
            return BlobKeys.validate(key);
        } catch (IllegalArgumentException e) {
            // only a tool_use_id of about a thousand characters gets here
            throw new BadRequestException("tool_use_id cannot be stored: " + e.getMessage());
        }
    }

    private static NotFoundException notReady() {
        return new NotFoundException(ErrorCode.BROWSER_SCREENSHOT_NOT_READY, "Browser screenshot not ready");
    }
}
