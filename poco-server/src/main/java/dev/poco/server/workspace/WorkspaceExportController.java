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
import java.util.Optional;
import java.util.UUID;
import dev.poco.server.common.PayloadTooLargeException;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
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
    private static final String STATE = "/api/v1/internal/sessions/{sessionId}/workspace/state";
    /** The run whose result a stored state holds, on {@code GET …/workspace/state}. */
    static final String STATE_RUN_HEADER = "X-Poco-State-Run";

    private final WorkspaceExports exports;
    private final WorkspaceStates states;
    private final SessionService sessions;
    private final WorkspaceProperties properties;

    WorkspaceExportController(WorkspaceExports exports, WorkspaceStates states, SessionService sessions,
            WorkspaceProperties properties) {
        this.exports = exports;
        this.states = states;
        this.sessions = sessions;
        this.properties = properties;
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

    /**
     * The session's whole workspace after run {@code run_id} (a gzip'd tar, git history and transcript included), for
     * a later run on another runner. Up to twice {@code POCO_WORKSPACES_EXPORT_MAX_MB}: the history comes on top.
     */
    @PutMapping(STATE)
    Envelope<Void> putState(@PathVariable UUID sessionId, @RequestParam("run_id") UUID runId,
            HttpServletRequest request) throws IOException {
        Session session = session(sessionId);
        long length = length(request);
        long max = 2 * properties.exportMaxBytes();
        if (length > max) {
            throw new PayloadTooLargeException("The workspace state is larger than twice POCO_WORKSPACES_EXPORT_MAX_MB ("
                    + 2 * properties.exportMaxMb() + " MB)", max, length);
        }
        try (InputStream body = request.getInputStream()) {
            states.put(session, runId, length, body);
        }
        return Envelope.ok(null);
    }

    /**
     * The session's stored state, raw, with the run it holds in {@value #STATE_RUN_HEADER}; 304 when {@code
     * If-None-Match} names that run (the runner already holds it), 404 when none is stored.
     */
    @GetMapping(STATE)
    ResponseEntity<?> state(@PathVariable UUID sessionId,
            @RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch) {
        Session session = session(sessionId);
        Optional<UUID> run = states.runOf(session);
        if (run.isPresent() && ifNoneMatch != null && ifNoneMatch.replace("\"", "").strip().equals(
                run.get().toString())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(run.get().toString())
                    .header(STATE_RUN_HEADER, run.get().toString()).build();
        }
        WorkspaceStates.Stored stored = states.get(session).orElseThrow(() -> new NotFoundException(
                "Session " + sessionId + " has no stored workspace state"));
        return ResponseEntity.ok().eTag(stored.runId().toString())
                .header(STATE_RUN_HEADER, stored.runId().toString())
                .contentType(MediaType.parseMediaType("application/gzip")).contentLength(stored.size())
                .body(new InputStreamResource(stored.content()));
    }

    /** Forgets the stored state: the runner could not upload the newest one, and the older must not be restored. */
    @DeleteMapping(STATE)
    Envelope<Void> dropState(@PathVariable UUID sessionId) {
        states.drop(session(sessionId));
        return Envelope.ok(null);
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
