package dev.poco.server.workspace;

import dev.poco.protocol.Envelope;
import dev.poco.protocol.WorkspaceManifest;
import dev.poco.protocol.WorkspaceManifestFile;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.storage.BlobKeys;
import dev.poco.server.storage.BlobStore;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A session's workspace as users see it: poco's file tree, file bytes and the archive, all from the session's last
 * export (manifest and BlobStore), never from a runner's disk. With S3 the URLs are presigned; with the local store
 * they point at this server, which streams the bytes.
 */
@RestController
class WorkspaceController {

    /** Every raw file: a sandbox (an opaque origin: no cookies, storage or same-origin calls to Poco). */
    static final String RAW_CSP = "sandbox allow-scripts";
    /**
     * Active documents (HTML, XHTML, SVG) also may call no server, submit no form and open no frame: only their own
     * inline code and web pictures, styles and fonts (issue 16). The web UI's Artifacts preview frames them (sandboxed
     * again by the frame), so they may be framed by this origin only: browsers follow {@code frame-ancestors} over the
     * {@code X-Frame-Options: DENY} the security headers add to every response.
     */
    static final String ACTIVE_CSP = RAW_CSP + "; default-src 'none'; script-src 'unsafe-inline' https:;"
            + " style-src 'unsafe-inline' https:; img-src data: blob: https:; font-src data: https:;"
            + " media-src data: blob: https:; connect-src 'none'; form-action 'none'; frame-src 'none'; base-uri 'none';"
            + " frame-ancestors 'self'";

    static final String NOT_READY = "Workspace export not ready: the workspace is empty until a run has exported it";

    private final WorkspaceExports exports;
    private final BlobStore blobs;
    private final SessionService sessions;
    private final WorkspaceProperties properties;

    WorkspaceController(WorkspaceExports exports, BlobStore blobs, SessionService sessions,
            WorkspaceProperties properties) {
        this.exports = exports;
        this.blobs = blobs;
        this.sessions = sessions;
        this.properties = properties;
    }

    record Archive(@Nullable String url, String filename) {}

    @GetMapping("/api/v1/sessions/{sessionId}/workspace/files")
    Envelope<List<FileNode>> tree(Caller caller, @PathVariable UUID sessionId) {
        Session session = sessions.requireReadable(caller, sessionId);
        Optional<WorkspaceManifest> manifest = exports.manifest(session);
        if (manifest.isEmpty()) {
            return Envelope.ok(NOT_READY, List.of());
        }
        return Envelope.ok(ManifestTree.of(manifest.get().files(), properties.maxDepth(), properties.maxEntries(),
                file -> fileUrl(session, file)));
    }

    /**
     * The bytes of one exported file; HTML is sandboxed by CSP so it can never script this origin. No Range support:
     * the whole file is always sent, which HTTP allows.
     */
    @GetMapping("/api/v1/sessions/{sessionId}/workspace/raw")
    ResponseEntity<InputStreamResource> raw(Caller caller, @PathVariable UUID sessionId, @RequestParam String path,
            @RequestParam(defaultValue = "false") boolean download) {
        Session session = sessions.requireReadable(caller, sessionId);
        String normalized = WorkspacePaths.normalize(path);
        WorkspaceManifestFile file = exports.manifest(session).flatMap(m -> m.files().stream()
                        .filter(f -> f.path().equals(normalized)).findFirst())
                .orElseThrow(() -> new NotFoundException("File not found: " + path));
        InputStream bytes = blobs.get(storedKey(session, file))
                .orElseThrow(() -> new NotFoundException("File not found: " + path));
        String name = normalized.substring(normalized.lastIndexOf('/') + 1);
        String type = file.mimeType() != null ? file.mimeType() : MimeTypes.of(name);
        MediaType mediaType;
        try {
            mediaType = type == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(
                    type.startsWith("text/") || type.equals("application/json") ? type + ";charset=UTF-8" : type);
        } catch (RuntimeException e) {
            mediaType = MediaType.APPLICATION_OCTET_STREAM;
        }
        boolean active = isActive(mediaType);
        return ResponseEntity.ok()
                .contentType(mediaType)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.builder(download ? "attachment" : "inline")
                        .filename(name, StandardCharsets.UTF_8).build().toString())
                .header("Content-Security-Policy", active ? ACTIVE_CSP : RAW_CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentLength(file.size())
                .body(new InputStreamResource(bytes));
    }

    /**
     * poco's archive answer: the URL is null ("Workspace export not ready") unless an archive was exported and the
     * last export is {@code ready}; presigned as a download with S3.
     */
    @GetMapping("/api/v1/sessions/{sessionId}/workspace/archive")
    Envelope<Archive> archive(Caller caller, @PathVariable UUID sessionId) {
        Session session = sessions.requireReadable(caller, sessionId);
        String filename = "workspace-" + sessionId + ".zip";
        if (!BlobKeys.isUsersWorkspaceKey(session.userId(), session.workspaceArchiveKey())
                || !WorkspaceExports.READY.equals(session.workspaceExportStatus())) {
            return Envelope.ok("Workspace export not ready", new Archive(null, filename));
        }
        String url = blobs.presignGet(session.workspaceArchiveKey(), "application/zip",
                        ContentDisposition.attachment().filename(filename).build().toString())
                .map(URI::toString)
                .orElse("/api/v1/sessions/" + sessionId + "/workspace/archive.zip");
        return Envelope.ok(new Archive(url, filename));
    }

    @GetMapping("/api/v1/sessions/{sessionId}/workspace/archive.zip")
    ResponseEntity<InputStreamResource> zip(Caller caller, @PathVariable UUID sessionId) {
        Session session = sessions.requireReadable(caller, sessionId);
        String key = session.workspaceArchiveKey();
        InputStream bytes = (BlobKeys.isUsersWorkspaceKey(session.userId(), key) ? blobs.get(key)
                : Optional.<InputStream>empty())
                .orElseThrow(() -> new NotFoundException(NOT_READY));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("workspace-" + sessionId + ".zip").build().toString())
                .body(new InputStreamResource(bytes));
    }

    private static boolean isActive(MediaType type) {
        String t = type.getType() + "/" + type.getSubtype();
        return t.equals("text/html") || t.equals("application/xhtml+xml") || t.equals("image/svg+xml");
    }

    /** Presigned inline with its type (S3), else this server's raw endpoint. */
    private @Nullable String fileUrl(Session session, WorkspaceManifestFile file) {
        UUID sessionId = session.id();
        if (BlobKeys.isUsersWorkspaceKey(session.userId(), file.key())) {
            Optional<URI> presigned = blobs.presignGet(file.key(), file.mimeType(), "inline");
            if (presigned.isPresent()) {
                return presigned.get().toString();
            }
        }
        return rawUrl(sessionId, file.path());
    }

    static String rawUrl(UUID sessionId, String rel) {
        return "/api/v1/sessions/" + sessionId + "/workspace/raw?path=" + URLEncoder.encode(rel, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("%2F", "/");
    }

    /** The entry's key, or poco's default ({@code <workspace_files_prefix>/<path>}) for manifests without keys. */
    private static String storedKey(Session session, WorkspaceManifestFile file) {
        String key = file.key() != null ? file.key()
                : session.workspaceFilesPrefix() == null ? null : session.workspaceFilesPrefix() + file.path();
        if (!BlobKeys.isUsersWorkspaceKey(session.userId(), key)) {
            throw new NotFoundException("File not found: " + file.path());
        }
        return key;
    }
}
