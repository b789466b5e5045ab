package dev.poco.server.workspace;

import dev.poco.protocol.Envelope;
import dev.poco.protocol.WorkspaceExportBase;
import dev.poco.protocol.WorkspaceExportRequest;
import dev.poco.protocol.WorkspaceManifest;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.ValidationException;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Runners export a workspace here (runner token, like every {@code /api/v1/internal} call): read the last manifest,
 * PUT each changed file and the zip (raw bodies with a {@code Content-Length}), then POST the file list to finish.
 */
@RestController
class WorkspaceExportController {

    private static final String BASE = "/api/v1/internal/sessions/{sessionId}/workspace/export";

    private final WorkspaceExports exports;
    private final SessionService sessions;

    WorkspaceExportController(WorkspaceExports exports, SessionService sessions) {
        this.exports = exports;
        this.sessions = sessions;
    }

    @GetMapping(BASE)
    Envelope<WorkspaceExportBase> base(@PathVariable UUID sessionId) {
        return Envelope.ok(exports.base(session(sessionId)));
    }

    @PutMapping(BASE + "/files")
    Envelope<Void> file(@PathVariable UUID sessionId, @RequestParam String path,
            @RequestHeader(name = "Content-Type", required = false) @Nullable String contentType,
            HttpServletRequest request) throws IOException {
        Session session = session(sessionId);
        try (InputStream body = request.getInputStream()) {
            exports.putFile(session, path, length(request), contentType, body);
        }
        return Envelope.ok(null);
    }

    @PutMapping(BASE + "/archive")
    Envelope<Void> archive(@PathVariable UUID sessionId, HttpServletRequest request) throws IOException {
        Session session = session(sessionId);
        try (InputStream body = request.getInputStream()) {
            exports.putArchive(session, length(request), body);
        }
        return Envelope.ok(null);
    }

    @PostMapping(BASE)
    Envelope<WorkspaceManifest> commit(@PathVariable UUID sessionId, @RequestBody WorkspaceExportRequest request) {
        return Envelope.ok(exports.commit(session(sessionId), request));
    }

    private Session session(UUID sessionId) {
        return sessions.find(sessionId).orElseThrow(() -> new NotFoundException("Session not found: " + sessionId));
    }

    /** Stores need the size up front (S3 signs it), so an upload without {@code Content-Length} is refused. */
    private static long length(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length < 0) {
            throw ValidationException.of("Content-Length", "is required: uploads are not accepted chunked");
        }
        return length;
    }
}
