package dev.poco.server.workspace;

import dev.poco.server.runs.RunService;
import dev.poco.server.sessions.Session;
import dev.poco.server.storage.BlobKeys;
import dev.poco.server.storage.BlobStore;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A session's workspace state (issue 18): the whole workspace, git history and the agent's transcript included, as
 * the runner that ran the session last uploaded it ({@code workspaces/<user>/<session>/state.tar.gz}, and the run
 * whose result it holds in {@code session_workspace_states}). A runner that gets a follow-up of a session it does not
 * hold (the session's runner went away) restores the workspace from it, so the run sees the files and {@code claude
 * --resume} finds its transcript. Runners are asked to keep it ({@link #wanted()}) only when a session can move: when
 * runners other than this server's embedded one exist, or always/never by {@code POCO_WORKSPACES_KEEP_STATE}.
 */
@Service
public class WorkspaceStates {

    /** How far back a runner counts as one of this installation's runners, for {@code auto}. */
    static final Duration RUNNERS_WITHIN = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(WorkspaceStates.class);

    /** The stored state of a session: the run whose result it holds, and its bytes (the caller closes them). */
    public record Stored(UUID runId, long size, InputStream content) {}

    private final BlobStore blobs;
    private final JdbcClient jdbc;
    private final RunService runs;
    private final WorkspaceProperties properties;
    private final boolean embeddedRunner;

    WorkspaceStates(BlobStore blobs, JdbcClient jdbc, RunService runs, WorkspaceProperties properties,
            @Value("${poco.runner.enabled:true}") boolean embeddedRunner) {
        this.blobs = blobs;
        this.jdbc = jdbc;
        this.runs = runs;
        this.properties = properties;
        this.embeddedRunner = embeddedRunner;
    }

    /**
     * Whether runners should upload states: {@code always}; {@code never}; {@code auto}: when this server has no
     * embedded runner (every runner is remote, and a remote runner's disk may go with it), or when more than one
     * runner claimed work in the last day.
     */
    public boolean wanted() {
        return switch (properties.keepState()) {
            case "always" -> true;
            case "never" -> false;
            default -> !embeddedRunner || runs.recentRunners(RUNNERS_WITHIN).size() > 1;
        };
    }

    /** Stores the session's state as of {@code runId}'s result, replacing the one before. */
    void put(Session session, UUID runId, long size, InputStream content) {
        blobs.put(key(session), content, size, "application/gzip");
        jdbc.sql("""
                INSERT INTO session_workspace_states (session_id, run_id, size_bytes) VALUES (:session, :run, :size)
                ON CONFLICT (session_id) DO UPDATE SET run_id = EXCLUDED.run_id, size_bytes = EXCLUDED.size_bytes,
                                                       updated_at = now()""")
                .param("session", session.id()).param("run", runId).param("size", size).update();
        log.info("Stored the workspace state of session {} after run {} ({} bytes)", session.id(), runId, size);
    }

    /** The run whose result the session's stored state holds; empty when none is stored. */
    Optional<UUID> runOf(Session session) {
        return jdbc.sql("SELECT run_id FROM session_workspace_states WHERE session_id = :session")
                .param("session", session.id()).query(UUID.class).optional();
    }

    /** The session's stored state; empty when there is none (never uploaded, dropped, or its blob is gone). */
    Optional<Stored> get(Session session) {
        Optional<UUID> run = runOf(session);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        String key = key(session);
        return blobs.stat(key).flatMap(info -> blobs.get(key).map(in -> new Stored(run.get(), info.size(), in)));
    }

    /** Forgets the session's state: the runner could not upload its newest, and an older one must not be restored. */
    void drop(Session session) {
        int rows = jdbc.sql("DELETE FROM session_workspace_states WHERE session_id = :session")
                .param("session", session.id()).update();
        blobs.delete(key(session));
        if (rows > 0) {
            log.info("Dropped the workspace state of session {}", session.id());
        }
    }

    private static String key(Session session) {
        return BlobKeys.workspaceState(session.userId(), session.id());
    }
}
