package dev.poco.runner.export;

import dev.poco.protocol.WorkspaceExportBase;
import dev.poco.protocol.WorkspaceExportRequest;
import dev.poco.protocol.WorkspaceManifestFile;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.server.ServerRetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports a session's workspace through the server after a run (DESIGN.md §4.8), so users can read it when this
 * runner, or its disk, is gone: the files that changed since the last export (size and sha256 against its
 * manifest), a zip of all files, then the file list, which makes the server write the manifest and mark the export
 * {@code ready}. A failure (server refusal, a workspace over the server's {@code POCO_WORKSPACES_EXPORT_MAX_MB}) is
 * reported to the server, which marks the export {@code failed} and keeps serving the last good one. Each call that
 * fails for a reason that may pass (server unreachable, a 5xx) is tried again for a short while ({@link #RETRY}).
 *
 * <p>Thread-safe; {@link #export} blocks while it uploads and never throws.
 */
public final class WorkspaceExporter {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceExporter.class);

    /**
     * Retries of one export call: short, because the end of the run waits for the export, and an export that fails
     * is reported and leaves the last good export in place. Uploads are re-read from their file on each attempt.
     */
    private static final ServerRetry RETRY = ServerRetry.backoff(Duration.ofMillis(250), Duration.ofSeconds(4))
            .within(Duration.ofSeconds(30));

    private final ServerClient server;
    private final Path scratch;
    private final WorkspaceStates states;

    /**
     * @param server the runner's client of the Poco server
     * @param scratch where archives are built before upload (removed after)
     */
    public WorkspaceExporter(ServerClient server, Path scratch) {
        this.server = server;
        this.scratch = scratch;
        this.states = new WorkspaceStates(server, scratch);
    }

    /** How sessions move between runners: the workspace states this exporter uploads, and restores from. */
    public WorkspaceStates states() {
        return states;
    }

    /**
     * What one export did, for logs and tests.
     *
     * @param keepState whether the server asked for the session's whole workspace too ({@link WorkspaceStates})
     * @param maxBytes the server's size cap of an export
     */
    public record Result(int files, int uploaded, long bytes, boolean keepState, long maxBytes) {

        public Result(int files, int uploaded, long bytes) {
            this(files, uploaded, bytes, false, 0);
        }
    }

    /**
     * {@link #export(UUID, UUID, Path)} of the session's workspace, then its whole state when the server asks for it
     * ({@link WorkspaceStates#upload}); when the export failed, the server forgets an older state instead. Never throws.
     */
    public @Nullable Result export(UUID sessionId, UUID runId, dev.poco.runner.workspace.SessionWorkspace ws) {
        Result result = export(sessionId, runId, ws.workspace());
        if (result == null) {
            try {
                server.dropWorkspaceState(sessionId);
            } catch (ServerException e) {
                log.warn("Could not tell the server to forget the older state of session {}: {}", sessionId,
                        e.getMessage());
            }
        }
        states.upload(sessionId, runId, ws, result != null && result.keepState(),
                result == null ? 0 : 2 * result.maxBytes());
        return result;
    }

    /**
     * Exports {@code workspace} (the session's workspace directory on this host) for the run; logs and reports a
     * failure instead of throwing.
     *
     * @return what was exported, or null when the export failed
     */
    public @Nullable Result export(UUID sessionId, UUID runId, Path workspace) {
        try {
            Result result = exportOrThrow(sessionId, runId, workspace);
            log.info("Exported the workspace of session {} after run {}: {} files, {} uploaded, {} bytes", sessionId,
                    runId, result.files(), result.uploaded(), result.bytes());
            return result;
        } catch (ExportException | ServerException | IOException | UncheckedIOException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            log.warn("Workspace export of session {} after run {} failed: {}", sessionId, runId, why);
            try {
                retried(() -> server.commitExport(sessionId, WorkspaceExportRequest.failed(runId, why)));
            } catch (ExportException | ServerException reportFailed) {
                log.warn("Could not tell the server that the export failed: {}", reportFailed.getMessage());
            }
            return null;
        }
    }

    private Result exportOrThrow(UUID sessionId, UUID runId, Path workspace) throws IOException {
        WorkspaceExportBase base = retried(() -> server.exportBase(sessionId));
        WorkspaceScanner scanner = new WorkspaceScanner(workspace);
        List<ScannedFile> files = scanner.scan();
        long total = files.stream().mapToLong(ScannedFile::size).sum();
        if (total > base.maxBytes()) {
            throw new ExportException("The workspace holds " + mb(total) + " MB of files, more than the server takes ("
                    + mb(base.maxBytes()) + " MB, POCO_WORKSPACES_EXPORT_MAX_MB); nothing was exported");
        }
        Map<String, WorkspaceManifestFile> previous = new HashMap<>();
        if (base.manifest() != null) {
            base.manifest().files().forEach(f -> previous.put(f.path(), f));
        }
        int uploaded = 0;
        List<WorkspaceManifestFile> listed = new ArrayList<>();
        for (ScannedFile file : files) {
            WorkspaceManifestFile before = previous.get(file.path());
            if (before == null || before.size() != file.size() || !file.sha256().equals(before.sha256())) {
                retried(() -> {
                    server.exportFile(sessionId, file.path(), file.size(), () -> scanner.open(file));
                    return file;
                });
                uploaded++;
            }
            listed.add(new WorkspaceManifestFile(file.path(), null, file.size(), null, null, file.lastModified(),
                    file.sha256()));
        }
        Path zip = Files.createTempFile(Files.createDirectories(scratch), "workspace-" + sessionId + "-", ".zip");
        try {
            writeArchive(scanner, files, zip);
            retried(() -> {
                server.exportArchive(sessionId, zip);
                return zip;
            });
        } finally {
            Files.deleteIfExists(zip);
        }
        retried(() -> server.commitExport(sessionId, new WorkspaceExportRequest(runId, listed, null)));
        return new Result(files.size(), uploaded, total, base.wantsState(), base.maxBytes());
    }

    private static <T> T retried(Supplier<T> call) {
        try {
            return RETRY.call(call, failure -> log.info("Workspace export call failed, retrying: {}",
                    failure.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportException("Interrupted while exporting the workspace", e);
        }
    }

    private static void writeArchive(WorkspaceScanner scanner, List<ScannedFile> files, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream archive = new ZipOutputStream(out)) {
            for (ScannedFile file : files) {
                ZipEntry entry = new ZipEntry(file.path().substring(1));
                entry.setLastModifiedTime(java.nio.file.attribute.FileTime.from(file.lastModified()));
                archive.putNextEntry(entry);
                try (InputStream in = scanner.open(file)) {
                    in.transferTo(archive);
                }
                archive.closeEntry();
            }
        }
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
