package dev.poco.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.runner.export.WorkspaceStates;
import dev.poco.runner.export.WorkspaceStates.Restored;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.server.support.ApiTest;
import dev.poco.server.support.Exports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's side of moving sessions (issue 18) against the real server and its BlobStore: three runner hosts (A, B,
 * C) hold the same session's workspace under their own roots, upload states after runs and restore before them.
 */
class WorkspaceStateRoundTripTest extends ApiTest {

    private static final long MAX = 64L << 20;

    @TempDir
    Path hosts;

    @Test
    void aWorkspaceFollowsItsSessionFromRunnerToRunnerAndAStaleCopyIsReplaced() throws IOException {
        JsonSession session = newSession();
        WorkspaceStates states = Exports.exporter(port).states();
        SessionWorkspace a = host("a", session);
        SessionWorkspace b = host("b", session);

        Files.createDirectories(a.workspace().resolve(".git"));
        Files.writeString(a.workspace().resolve("notes.txt"), "from A");
        Files.writeString(a.workspace().resolve("old.txt"), "deleted later on B");
        Files.writeString(a.workspace().resolve(".git/HEAD"), "ref: refs/heads/main\n");
        UUID run1 = UUID.randomUUID();
        states.upload(session.id(), run1, a, true, MAX);
        assertThat(Files.readString(a.sessionDir().resolve(WorkspaceStates.MARKER))).isEqualTo(run1.toString());

        assertThat(states.restore(session.id(), b, run1, MAX)).as("B never had the session").isEqualTo(Restored.RESTORED);
        assertThat(b.workspace().resolve("notes.txt")).hasContent("from A");
        assertThat(b.workspace().resolve(".git/HEAD")).hasContent("ref: refs/heads/main");
        assertThat(states.restore(session.id(), b, run1, MAX)).as("B holds the latest").isEqualTo(Restored.CURRENT);

        // the session runs on B; when it comes back to A, A's copy is older and is replaced
        Files.writeString(b.workspace().resolve("notes.txt"), "from B");
        Files.delete(b.workspace().resolve("old.txt"));
        UUID run2 = UUID.randomUUID();
        states.upload(session.id(), run2, b, true, MAX);
        assertThat(states.restore(session.id(), a, run2, MAX)).isEqualTo(Restored.RESTORED);
        assertThat(a.workspace().resolve("notes.txt")).hasContent("from B");
        assertThat(a.workspace().resolve("old.txt")).doesNotExist();
        assertThat(Files.list(a.sessionDir()).map(p -> p.getFileName().toString()))
                .as("no half-restored or stale copy left behind").doesNotContain("workspace.stale", "workspace.restoring")
                .allSatisfy(name -> assertThat(name).doesNotStartWith("workspace."));

        // a run that failed before it started: the previous run differs, but A holds what the server stores
        assertThat(states.restore(session.id(), a, UUID.randomUUID(), MAX)).isEqualTo(Restored.CURRENT);
        assertThat(a.workspace().resolve("notes.txt")).hasContent("from B");
    }

    @Test
    void aStateThatCannotBeKeptIsForgottenSoNoOlderOneIsRestored() throws IOException {
        JsonSession session = newSession();
        WorkspaceStates states = Exports.exporter(port).states();
        SessionWorkspace a = host("a", session);
        Files.createDirectories(a.workspace());
        Files.writeString(a.workspace().resolve("notes.txt"), "first");
        UUID run1 = UUID.randomUUID();
        states.upload(session.id(), run1, a, true, MAX);

        Files.writeString(a.workspace().resolve("notes.txt"), "x".repeat(10_000));
        UUID run2 = UUID.randomUUID();
        states.upload(session.id(), run2, a, true, 100); // over the cap: not uploaded, the older state dropped
        assertThat(Files.readString(a.sessionDir().resolve(WorkspaceStates.MARKER))).isEqualTo(run2.toString());
        runner.get("/api/v1/internal/sessions/" + session.id() + "/workspace/state").error(404, 40400);

        SessionWorkspace c = host("c", session);
        assertThat(states.restore(session.id(), c, run2, MAX)).isEqualTo(Restored.NONE);
        assertThat(c.workspace()).doesNotExist();
        assertThat(states.restore(session.id(), a, run2, MAX)).as("A holds the newest").isEqualTo(Restored.CURRENT);
    }

    @Test
    void aDamagedStateFailsTheRestoreAndLeavesTheLocalWorkspaceAlone() throws IOException {
        JsonSession session = newSession();
        WorkspaceStates states = Exports.exporter(port).states();
        UUID run = UUID.randomUUID();
        runner.sendAs("PUT", "/api/v1/internal/sessions/" + session.id() + "/workspace/state?run_id=" + run,
                "application/gzip", "not a gzip'd tar".getBytes()).ok();
        SessionWorkspace a = host("a", session);
        Files.createDirectories(a.workspace());
        Files.writeString(a.workspace().resolve("mine.txt"), "kept");
        try {
            states.restore(session.id(), a, run, MAX);
            throw new AssertionError("a damaged state must fail the restore");
        } catch (java.io.UncheckedIOException e) {
            assertThat(e.getMessage()).contains("Cannot restore the workspace of session " + session.id());
        }
        assertThat(a.workspace().resolve("mine.txt")).hasContent("kept");
    }

    private record JsonSession(UUID id, String userId) {}

    private JsonSession newSession() {
        var created = alice.post("/api/v1/sessions", Map.of()).ok();
        return new JsonSession(UUID.fromString(created.path("session_id").asString()),
                created.path("user_id").asString());
    }

    private SessionWorkspace host(String name, JsonSession session) {
        return SessionWorkspace.of(hosts.resolve(name), session.userId(), session.id());
    }
}
