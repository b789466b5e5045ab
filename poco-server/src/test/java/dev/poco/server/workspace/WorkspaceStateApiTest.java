package dev.poco.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Sessions that move between runners (issue 18): the stored workspace state runners upload and fetch, and claims
 * that keep a session on the live runner holding its workspace. Each test has its own schedule mode and workers.
 */
class WorkspaceStateApiTest extends ApiTest {

    private final String mode = "state-" + UUID.randomUUID();

    private String state(String sessionId) {
        return "/api/v1/internal/sessions/" + sessionId + "/workspace/state";
    }

    private String newSession() {
        return alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
    }

    @Test
    void aRunnerStoresTheStateAndAnotherFetchesItUnlessItAlreadyHoldsIt() {
        String sessionId = newSession();
        runner.get(state(sessionId)).error(404, 40400);

        UUID first = UUID.randomUUID();
        byte[] bytes = {0x1f, (byte) 0x8b, 1, 2, 3, 4, 5};
        runner.sendAs("PUT", state(sessionId) + "?run_id=" + first, "application/gzip", bytes).ok();

        HttpResponse<byte[]> fetched = runner.getBytes(state(sessionId));
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(bytes);
        assertThat(fetched.headers().firstValue("X-Poco-State-Run")).contains(first.toString());

        Api holder = runner.withHeader("If-None-Match", "\"" + first + "\"");
        assertThat(holder.getBytes(state(sessionId)).statusCode()).as("the runner holds this state").isEqualTo(304);
        Api stale = runner.withHeader("If-None-Match", "\"" + UUID.randomUUID() + "\"");
        assertThat(stale.getBytes(state(sessionId)).statusCode()).isEqualTo(200);

        UUID second = UUID.randomUUID();
        runner.sendAs("PUT", state(sessionId) + "?run_id=" + second, "application/gzip", new byte[] {9}).ok();
        assertThat(runner.getBytes(state(sessionId)).headers().firstValue("X-Poco-State-Run"))
                .contains(second.toString());

        runner.delete(state(sessionId)).ok();
        runner.get(state(sessionId)).error(404, 40400);
    }

    @Test
    void theStateIsTheRunnersOnlyAndNeverListedToTheUser() {
        String sessionId = newSession();
        runner.sendAs("PUT", state(sessionId) + "?run_id=" + UUID.randomUUID(), "application/gzip", new byte[] {1})
                .ok();
        assertThat(alice.getBytes(state(sessionId)).statusCode()).isIn(401, 403);
        assertThat(alice.sendAs("PUT", state(sessionId) + "?run_id=" + UUID.randomUUID(), "application/gzip",
                new byte[] {2}).status()).isIn(401, 403);
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/workspace/files").body())
                .doesNotContain("state.tar.gz");
    }

    @Test
    void aStateOverTwiceTheExportCapIsRefusedWithA413AndKeepsTheOldOne() {
        String sessionId = newSession();
        UUID kept = UUID.randomUUID();
        runner.sendAs("PUT", state(sessionId) + "?run_id=" + kept, "application/gzip", new byte[] {1}).ok();
        byte[] tooBig = new byte[2 * EXPORT_MAX_MB * 1024 * 1024 + 1];
        Reply refused = runner.sendAs("PUT", state(sessionId) + "?run_id=" + UUID.randomUUID(), "application/gzip",
                tooBig);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.message()).contains("POCO_WORKSPACES_EXPORT_MAX_MB");
        assertThat(runner.getBytes(state(sessionId)).headers().firstValue("X-Poco-State-Run")).contains(kept.toString());
        runner.sendAs("PUT", state(sessionId), "application/gzip", new byte[] {1}).error(422, 40000);
    }

    @Test
    void theExportBaseAsksForStatesOnceSeveralRunnersClaim() {
        claim("one-" + UUID.randomUUID(), mode);
        claim("two-" + UUID.randomUUID(), mode);
        String sessionId = newSession();
        assertThat(runner.get("/api/v1/internal/sessions/" + sessionId + "/workspace/export").ok()
                .path("keep_state").asBoolean()).isTrue();
    }

    @Test
    void aFollowUpStaysWithTheLiveRunnerThatHoldsTheSessionUntilItStops() {
        String a = "runner-a-" + UUID.randomUUID();
        String b = "runner-b-" + UUID.randomUUID();
        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "first", "schedule_mode", mode)).ok();
        String sessionId = task.path("session_id").asString();
        finish(a, task.path("run_id").asString(), sessionId);

        String followUp = alice.post("/api/v1/tasks", Map.of("prompt", "second", "schedule_mode", mode,
                "session_id", sessionId)).ok().path("run_id").asString();
        String elsewhere = alice.post("/api/v1/tasks", Map.of("prompt", "another session", "schedule_mode", mode))
                .ok().path("run_id").asString();
        assertThat(claimedRun(claim(b, mode))).as("b skips the session a holds and takes the other task")
                .isEqualTo(elsewhere);
        assertThat(claim(b, mode).data().isNull()).as("nothing else for b").isTrue();
        assertThat(claimedRun(claim(a, mode))).isEqualTo(followUp);
        complete(a, followUp, sessionId);

        String third = alice.post("/api/v1/tasks", Map.of("prompt", "third", "schedule_mode", mode,
                "session_id", sessionId)).ok().path("run_id").asString();
        assertThat(claim(b, mode).data().isNull()).isTrue();
        runner.post("/api/v1/internal/runs/claims/release", Map.of("worker_id", a)).ok();
        assertThat(claimedRun(claim(b, mode))).as("a stopped: b takes the session").isEqualTo(third);
    }

    @Test
    void aFollowUpDoesNotWaitForARunnerThatNoLongerTakesItsMode() {
        String a = "runner-a-" + UUID.randomUUID();
        String b = "runner-b-" + UUID.randomUUID();
        JsonNode task = alice.post("/api/v1/tasks", Map.of("prompt", "first", "schedule_mode", mode)).ok();
        String sessionId = task.path("session_id").asString();
        finish(a, task.path("run_id").asString(), sessionId);
        claim(a, "other-mode-" + UUID.randomUUID()); // a now claims another mode only

        String followUp = alice.post("/api/v1/tasks", Map.of("prompt", "second", "schedule_mode", mode,
                "session_id", sessionId)).ok().path("run_id").asString();
        assertThat(claimedRun(claim(b, mode))).isEqualTo(followUp);
    }

    private Reply claim(String worker, String scheduleMode) {
        return runner.post("/api/v1/runs/claim", Map.of("worker_id", worker, "lease_seconds", 120,
                "schedule_modes", List.of(scheduleMode)));
    }

    private static String claimedRun(Reply claim) {
        return claim.ok().path("run").path("run_id").asString();
    }

    /** Claims (it must be the next of the mode for {@code worker}), starts and completes the run. */
    private void finish(String worker, String runId, String sessionId) {
        assertThat(claimedRun(claim(worker, mode))).isEqualTo(runId);
        complete(worker, runId, sessionId);
    }

    private void complete(String worker, String runId, String sessionId) {
        runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", worker)).ok();
        runner.post("/api/v1/callback", Map.of("session_id", sessionId, "run_id", runId, "status", "completed",
                "progress", 100, "seq", 1)).ok();
    }
}
