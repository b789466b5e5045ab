package dev.poco.runner.export;

import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerClient.StoredState;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.WorkspaceManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves a session's workspace between runners through the server (issue 18). After a run, the runner uploads the
 * whole workspace ({@link WorkspaceStateArchive}) when the server asks for it, and notes in the session directory
 * ({@value #MARKER}, out of the agent's reach) which run's result its workspace holds. Before a follow-up, a runner
 * whose note does not name the session's previous run asks the server for the stored state: when the server holds a
 * newer one (the session ran elsewhere since), the local workspace is replaced by it, and a runner that never had the
 * session gets it the same way; the run then sees the files and {@code claude --resume} finds its transcript.
 *
 * <p>When an upload fails, the server is told to forget the stored state: an older state must never replace a newer
 * workspace. Thread-safe; the server keeps one session's runs from overlapping.
 */
public final class WorkspaceStates {

    /** In the session directory: the run whose result the workspace holds. */
    public static final String MARKER = "state-run";

    private static final Logger log = LoggerFactory.getLogger(WorkspaceStates.class);

    private final ServerClient server;
    private final Path scratch;

    public WorkspaceStates(ServerClient server, Path scratch) {
        this.server = server;
        this.scratch = scratch;
    }

    /** What {@link #restore} did. */
    public enum Restored {
        /** The local workspace is the session's latest; nothing was fetched. */
        CURRENT,
        /** The server stores no state; the local workspace (if any) is what the run gets. */
        NONE,
        /** The workspace was replaced by the server's stored state. */
        RESTORED
    }

    /**
     * Makes {@code ws} the session's latest workspace before a run that follows {@code previousRunId}.
     *
     * @param maxBytes the most file bytes a state may hold
     * @throws UncheckedIOException or {@link ServerException} when the state cannot be fetched or unpacked; the
     *     local workspace is then left as it was
     */
    public Restored restore(UUID sessionId, SessionWorkspace ws, UUID previousRunId, long maxBytes) {
        UUID held = held(ws);
        if (previousRunId.equals(held)) {
            return Restored.CURRENT;
        }
        StoredState stored = server.workspaceState(sessionId, held);
        return switch (stored) {
            case StoredState.Held h -> Restored.CURRENT;
            case StoredState.None n -> {
                log.info("Session {} has no stored workspace state; its run continues with {}", sessionId,
                        held == null ? "an empty workspace" : "this runner's workspace");
                yield Restored.NONE;
            }
            case StoredState.Download d -> {
                try (InputStream in = d.content()) {
                    replace(ws, in, maxBytes);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot restore the workspace of session " + sessionId
                            + " from the server: " + e.getMessage(), e);
                }
                mark(ws, d.runId());
                log.info("Restored the workspace of session {} from the server (state of run {}){}", sessionId,
                        d.runId(), d.runId().equals(previousRunId) ? ""
                                : "; the session's last run (" + previousRunId + ") left no newer state");
                yield Restored.RESTORED;
            }
        };
    }

    /**
     * After run {@code runId}: uploads the whole workspace when {@code wanted}, and notes that this workspace holds
     * the run's result. Never throws; a failed upload makes the server forget the older state.
     *
     * @param maxBytes the largest archive the server takes
     */
    public void upload(UUID sessionId, UUID runId, SessionWorkspace ws, boolean wanted, long maxBytes) {
        if (wanted) {
            long started = System.nanoTime();
            Path archive = null;
            try {
                Files.createDirectories(scratch);
                archive = Files.createTempFile(scratch, "state-" + sessionId + "-", ".tar.gz");
                WorkspaceStateArchive.Written written = WorkspaceStateArchive.write(ws.workspace(), archive);
                long size = Files.size(archive);
                if (size > maxBytes) {
                    throw new IOException("the workspace with its history is " + (size >> 20)
                            + " MB packed, more than the server takes (twice POCO_WORKSPACES_EXPORT_MAX_MB); the"
                            + " session stays on this runner");
                }
                server.putWorkspaceState(sessionId, runId, archive);
                log.info("Uploaded the workspace state of session {} after run {}: {} files, {} bytes packed, {} ms",
                        sessionId, runId, written.files(), size, (System.nanoTime() - started) / 1_000_000);
            } catch (IOException | UncheckedIOException | ServerException e) {
                log.warn("Could not upload the workspace state of session {} after run {}: {}", sessionId, runId,
                        e.getMessage());
                try {
                    server.dropWorkspaceState(sessionId);
                } catch (ServerException dropFailed) {
                    log.warn("Could not tell the server to forget the older state of session {}: {}", sessionId,
                            dropFailed.getMessage());
                }
            } finally {
                if (archive != null) {
                    try {
                        Files.deleteIfExists(archive);
                    } catch (IOException e) {
                        log.debug("Cannot delete {}: {}", archive, e.toString());
                    }
                }
            }
        }
        mark(ws, runId);
    }

    /** The run whose result {@code ws} holds, per its note; null when there is no workspace or no note. */
    static @Nullable UUID held(SessionWorkspace ws) {
        Path marker = ws.sessionDir().resolve(MARKER);
        if (!Files.isDirectory(ws.workspace(), LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return UUID.fromString(Files.readString(marker, StandardCharsets.US_ASCII).strip());
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void mark(SessionWorkspace ws, UUID runId) {
        Path marker = ws.sessionDir().resolve(MARKER);
        try {
            Path written = Files.writeString(ws.sessionDir().resolve(MARKER + ".new"), runId.toString(),
                    StandardCharsets.US_ASCII);
            Files.move(written, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("Cannot note the run of the workspace in {}: {}", marker, e.toString());
        }
    }

    /**
     * Unpacks the state next to the workspace, then swaps it in: a failure leaves the old workspace in place, and
     * the old one is deleted only once the new one is there.
     */
    private static void replace(SessionWorkspace ws, InputStream state, long maxBytes) throws IOException {
        Path sessionDir = ws.sessionDir();
        Files.createDirectories(sessionDir);
        Path incoming = sessionDir.resolve("workspace.restoring-" + UUID.randomUUID());
        try {
            WorkspaceStateArchive.extract(state, incoming, maxBytes);
        } catch (IOException | RuntimeException e) {
            deleteTree(incoming);
            throw e;
        }
        Path old = null;
        if (Files.exists(ws.workspace(), LinkOption.NOFOLLOW_LINKS)) {
            old = sessionDir.resolve("workspace.stale-" + UUID.randomUUID());
            Files.move(ws.workspace(), old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(incoming, ws.workspace(), StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteTree(old);
        }
    }

    /** Deletes a tree without following links; logs instead of throwing. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            WorkspaceManager.deleteTree(dir);
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", dir, e.toString());
        }
    }
}
