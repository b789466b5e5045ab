package dev.poco.server.workspace;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
class WorkspaceController {

    private final WorkspaceFiles files;
    private final SessionService sessions;

    WorkspaceController(WorkspaceFiles files, SessionService sessions) {
        this.files = files;
        this.sessions = sessions;
    }

    record Archive(@Nullable String url, String filename) {}

    @GetMapping("/api/v1/sessions/{sessionId}/workspace/files")
    Envelope<List<FileNode>> tree(Caller caller, @PathVariable UUID sessionId) {
        Session session = sessions.require(caller, sessionId);
        if (!files.exists(session.userId(), sessionId)) {
            return Envelope.ok("Workspace is empty: no run has started yet", List.of());
        }
        return Envelope.ok(files.tree(session.userId(), sessionId));
    }

    /**
     * The bytes of one file; HTML is sandboxed by CSP so it can never script this origin. The file is opened without
     * following links before the answer starts, and the answer streams from that open descriptor (which the body
     * closes). No Range support: the whole file is always sent, which HTTP allows.
     */
    @GetMapping("/api/v1/sessions/{sessionId}/workspace/raw")
    ResponseEntity<StreamingResponseBody> raw(Caller caller, @PathVariable UUID sessionId, @RequestParam String path,
            @RequestParam(defaultValue = "false") boolean download) {
        Session session = sessions.require(caller, sessionId);
        OpenedFile file = files.open(session.userId(), sessionId, path);
        String type = MimeTypes.of(file.name());
        MediaType mediaType = type == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(
                type.startsWith("text/") || type.equals("application/json") ? type + ";charset=UTF-8" : type);
        return ResponseEntity.ok()
                .contentType(mediaType)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.builder(download ? "attachment" : "inline")
                        .filename(file.name(), StandardCharsets.UTF_8).build().toString())
                .header("Content-Security-Policy", "sandbox allow-scripts")
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentLength(file.size())
                .body(out -> {
                    try (file) {
                        // exactly the announced length, even if the agent grows the file meanwhile
                        StreamUtils.copyRange(Channels.newInputStream(file.channel()), out, 0, file.size() - 1);
                    }
                });
    }

    /**
     * poco's archive answer; the URL streams a zip of the workspace. Like poco, the URL is null
     * ("Workspace export not ready") while there is nothing to download.
     */
    @GetMapping("/api/v1/sessions/{sessionId}/workspace/archive")
    Envelope<Archive> archive(Caller caller, @PathVariable UUID sessionId) {
        Session session = sessions.require(caller, sessionId);
        String filename = "workspace-" + sessionId + ".zip";
        if (!files.exists(session.userId(), sessionId)) {
            return Envelope.ok("Workspace export not ready", new Archive(null, filename));
        }
        return Envelope.ok(new Archive("/api/v1/sessions/" + sessionId + "/workspace/archive.zip", filename));
    }

    @GetMapping("/api/v1/sessions/{sessionId}/workspace/archive.zip")
    ResponseEntity<StreamingResponseBody> zip(Caller caller, @PathVariable UUID sessionId) {
        Session session = sessions.require(caller, sessionId);
        if (!files.exists(session.userId(), sessionId)) {
            throw new dev.poco.server.common.NotFoundException("Workspace is empty: no run has started yet");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("workspace-" + sessionId + ".zip").build().toString())
                .body(out -> files.zip(session.userId(), sessionId, out));
    }

    /** Poco has no browser tool yet, so there is never a screenshot (poco's HTTP 404 answer). */
    @GetMapping("/api/v1/sessions/{sessionId}/computer/browser/{toolUseId}")
    ResponseEntity<Envelope<Map<String, String>>> screenshot(Caller caller, @PathVariable UUID sessionId,
            @PathVariable String toolUseId) {
        sessions.require(caller, sessionId);
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(new Envelope<>(404, "Browser screenshot not ready", null));
    }
}
