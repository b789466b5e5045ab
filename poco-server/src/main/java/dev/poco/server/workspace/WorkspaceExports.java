package dev.poco.server.workspace;

import dev.poco.protocol.WorkspaceExportBase;
import dev.poco.protocol.WorkspaceExportRequest;
import dev.poco.protocol.WorkspaceManifest;
import dev.poco.protocol.WorkspaceManifestFile;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.Json;
import dev.poco.server.common.PayloadTooLargeException;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionPatch;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.storage.BlobInfo;
import dev.poco.server.storage.BlobKeys;
import dev.poco.server.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Workspace exports (DESIGN.md §4.8): runners upload a session's changed files and a zip through the server, which
 * keeps them in the {@link BlobStore} under poco's keys ({@code workspaces/<user>/<session>/files/<path>},
 * {@code …/manifest.json}, {@code …/archive.zip}) and records them in the session's {@code workspace_*} columns.
 * Users read workspaces only from here, so a runner's disk can be gone, or on another host.
 */
@Service
public class WorkspaceExports {

    public static final String PENDING = "pending";
    public static final String READY = "ready";
    public static final String FAILED = "failed";

    private static final Logger log = LoggerFactory.getLogger(WorkspaceExports.class);

    private final BlobStore blobs;
    private final SessionService sessions;
    private final WorkspaceProperties properties;
    private final WorkspaceStates states;
    private final Json json;

    WorkspaceExports(BlobStore blobs, SessionService sessions, WorkspaceProperties properties, WorkspaceStates states,
            Json json) {
        this.blobs = blobs;
        this.sessions = sessions;
        this.properties = properties;
        this.states = states;
        this.json = json;
    }

    /**
     * The last export's manifest and the size cap, for a runner about to export; marks the export {@code pending}
     * (as poco's first terminal callback did), so clients see the next {@code ready} as a change.
     */
    WorkspaceExportBase base(Session session) {
        // a branch starts with its source's export (copied keys): its first export uploads everything to its own
        boolean own = BlobKeys.workspaceManifest(session.userId(), session.id()).equals(session.workspaceManifestKey());
        WorkspaceExportBase base = new WorkspaceExportBase(own ? manifest(session).orElse(null) : null,
                properties.exportMaxBytes(), states.wanted());
        setColumns(session, SessionPatch.NONE.workspaceExportStatus(PENDING));
        return base;
    }

    /** The session's current manifest; empty before the first export. */
    Optional<WorkspaceManifest> manifest(Session session) {
        String key = session.workspaceManifestKey();
        if (!BlobKeys.isUsersWorkspaceKey(session.userId(), key)) {
            return Optional.empty(); // none yet, or a PATCHed key that is not this user's
        }
        Optional<InputStream> stored = blobs.get(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = stored.get()) {
            return Optional.of(json.mapper().readValue(in, WorkspaceManifest.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the workspace manifest " + key, e);
        } catch (RuntimeException e) {
            log.warn("Workspace manifest {} of session {} is not readable: {}", key, session.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The files of the session's last export a user may see (hidden names such as {@code .git} and
     * {@code .claude_data} left out), by path; empty before the first export. The caller checked ownership.
     */
    public List<WorkspaceManifestFile> visibleFiles(Session session) {
        return manifest(session).map(m -> m.files().stream()
                        .filter(f -> WorkspacePaths.visible(f.path()))
                        .sorted(java.util.Comparator.comparing(WorkspaceManifestFile::path))
                        .toList())
                .orElse(List.of());
    }

    /**
     * One exported file by a user's path ({@code a/b}, {@code /a/b}); empty when there is none.
     *
     * @throws BadRequestException when the path leaves the workspace ({@code ..}, NUL, backslash)
     */
    public Optional<WorkspaceManifestFile> visibleFile(Session session, String path) {
        String normalized;
        try {
            normalized = WorkspacePaths.normalize(path);
        } catch (dev.poco.server.common.NotFoundException e) {
            return Optional.empty(); // a hidden name: not there
        }
        return visibleFiles(session).stream().filter(f -> f.path().equals(normalized)).findFirst();
    }

    /** The bytes of an exported file of the session; empty when its blob is gone or not the session user's. */
    public Optional<InputStream> open(Session session, WorkspaceManifestFile file) {
        String key = file.key() != null ? file.key()
                : session.workspaceFilesPrefix() == null ? null : session.workspaceFilesPrefix() + file.path();
        if (!BlobKeys.isUsersWorkspaceKey(session.userId(), key)) {
            return Optional.empty();
        }
        return blobs.get(key);
    }

    /** Stores one file of an export at {@code files/<path>}; the path follows {@link WorkspacePaths}. */
    void putFile(Session session, String path, long size, @Nullable String contentType, InputStream content) {
        checkSize(size, "File " + path);
        String normalized = WorkspacePaths.normalize(path);
        String key = fileKey(session, normalized);
        try {
            BlobKeys.validate(key);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("path cannot be stored: " + e.getMessage());
        }
        blobs.put(key, content, size, contentType);
    }

    /** Stores the zip of an export. */
    void putArchive(Session session, long size, InputStream content) {
        checkSize(size, "The workspace archive");
        blobs.put(BlobKeys.workspaceArchive(session.userId(), session.id()), content, size, "application/zip");
    }

    /**
     * Ends an export: checks that every listed file is stored with its size (a 409 names the first one that is not),
     * writes the manifest, drops files of earlier exports that are gone, and marks the export {@code ready}. A
     * request carrying an error marks it {@code failed} (the last good files stay served) and logs the reason.
     */
    WorkspaceManifest commit(Session session, WorkspaceExportRequest request) {
        if (request.error() != null) {
            log.warn("Workspace export of session {} (run {}) failed on the runner: {}", session.id(),
                    request.runId(), request.error());
            setColumns(session, SessionPatch.NONE.workspaceExportStatus(FAILED));
            return manifest(session).orElse(new WorkspaceManifest(WorkspaceManifest.VERSION, Instant.now(), List.of()));
        }
        if (request.files() == null || request.runId() == null) {
            throw new BadRequestException("An export needs run_id and files (every file of the workspace now)");
        }
        List<WorkspaceManifestFile> files = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        long total = 0;
        for (WorkspaceManifestFile file : request.files()) {
            if (file == null || file.path() == null) {
                throw new BadRequestException("Every file of an export needs a path");
            }
            String path = WorkspacePaths.normalize(file.path());
            String key = fileKey(session, path);
            total += file.size();
            BlobInfo stored = blobs.stat(key).orElseThrow(() -> new ConflictException(ErrorCode.BAD_REQUEST,
                    "Workspace file " + path + " was not uploaded (PUT …/workspace/export/files?path=" + path + ")"));
            if (stored.size() != file.size()) {
                throw new ConflictException(ErrorCode.BAD_REQUEST, "Workspace file " + path + " is stored with "
                        + stored.size() + " bytes, the export lists " + file.size());
            }
            if (keys.add(key)) {
                String mimeType = file.mimeType() != null ? file.mimeType()
                        : MimeTypes.of(path.substring(path.lastIndexOf('/') + 1));
                files.add(new WorkspaceManifestFile(path, key, file.size(), mimeType, null, file.lastModified(),
                        file.sha256()).stored(key));
            }
        }
        checkSize(total, "The workspace");
        String archive = BlobKeys.workspaceArchive(session.userId(), session.id());
        if (blobs.stat(archive).isEmpty()) {
            throw new ConflictException(ErrorCode.BAD_REQUEST,
                    "The workspace archive was not uploaded (PUT …/workspace/export/archive)");
        }
        WorkspaceManifest manifest = new WorkspaceManifest(WorkspaceManifest.VERSION, Instant.now(), files);
        byte[] bytes = json.mapper().writeValueAsBytes(manifest);
        String manifestKey = BlobKeys.workspaceManifest(session.userId(), session.id());
        blobs.put(manifestKey, new ByteArrayInputStream(bytes), bytes.length, "application/json");
        String prefix = BlobKeys.workspaceFiles(session.userId(), session.id());
        for (BlobInfo old : blobs.list(prefix + "/")) {
            if (!keys.contains(old.key())) {
                blobs.delete(old.key());
            }
        }
        setColumns(session, SessionPatch.NONE.workspaceFilesPrefix(prefix).workspaceManifestKey(manifestKey)
                .workspaceArchiveKey(archive).workspaceExportStatus(READY));
        log.info("Exported the workspace of session {} (run {}): {} files, {} bytes", session.id(), request.runId(),
                files.size(), total);
        return manifest;
    }

    /** The one place exports change a session (through the session update path, which emits session.updated). */
    private void setColumns(Session session, SessionPatch patch) {
        sessions.update(session.id(), patch);
    }

    private String fileKey(Session session, String normalizedPath) {
        return BlobKeys.workspaceFiles(session.userId(), session.id()) + normalizedPath;
    }

    private void checkSize(long size, String what) {
        if (size > properties.exportMaxBytes()) {
            throw new PayloadTooLargeException(what + " is larger than POCO_WORKSPACES_EXPORT_MAX_MB ("
                    + properties.exportMaxMb() + " MB)", properties.exportMaxBytes(), size);
        }
    }
}
