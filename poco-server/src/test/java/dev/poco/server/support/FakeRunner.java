package dev.poco.server.support;

import dev.poco.testkit.http.Api;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Drives runs over HTTP the way a runner does: claim, start, callbacks. Each instance has its own
 * schedule mode, and {@link #task} queues under it, so a test claims only the runs it queued.
 */
public final class FakeRunner {

    private final Api runner;
    private final String mode = "test-" + UUID.randomUUID();
    private final String worker = "worker-" + UUID.randomUUID();
    private final Map<String, Long> seqByRun = new HashMap<>();

    public FakeRunner(Api runner) {
        this.runner = runner;
    }

    public String mode() {
        return mode;
    }

    public String worker() {
        return worker;
    }

    /** A {@code POST /tasks} body queued under this runner's schedule mode. */
    public Map<String, Object> task(String prompt) {
        Map<String, Object> body = new HashMap<>();
        body.put("prompt", prompt);
        body.put("schedule_mode", mode);
        return body;
    }

    public Map<String, Object> followUp(String sessionId, String prompt) {
        Map<String, Object> body = task(prompt);
        body.put("session_id", sessionId);
        return body;
    }

    /** Claims the next run of this mode; null when none is queued. */
    public @Nullable JsonNode claim() {
        JsonNode data = runner.post("/api/v1/runs/claim",
                Map.of("worker_id", worker, "lease_seconds", 120, "schedule_modes", List.of(mode))).ok();
        return data.isNull() ? null : data;
    }

    /**
     * Claims the next run of this mode, asking again for up to ten seconds: a claim skips a run whose session row
     * another transaction holds for a moment (an after-commit listener), as a real runner's next poll would retry.
     */
    public JsonNode claimQueued() {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(50)).until(this::claim, java.util.Objects::nonNull);
    }

    /** Claims and starts the given run (it must be the next of this mode); returns the run. */
    public JsonNode start(String runId) {
        JsonNode claimed = claim();
        assertThat(claimed).as("a run to claim").isNotNull();
        assertThat(claimed.path("run").path("run_id").asString()).isEqualTo(runId);
        return runner.post("/api/v1/runs/" + runId + "/start", Map.of("worker_id", worker)).ok();
    }

    /** One callback step of a run; {@code message} may be null. */
    public JsonNode callback(String sessionId, String runId, String status, @Nullable Object message) {
        Map<String, Object> body = new HashMap<>();
        body.put("session_id", sessionId);
        body.put("status", status);
        body.put("progress", status.equals("completed") ? 100 : 50);
        body.put("run_id", runId);
        body.put("seq", seqByRun.merge(runId, 1L, Long::sum));
        if (message != null) {
            body.put("new_message", message);
        }
        return runner.post("/api/v1/callback", body).ok();
    }

    public JsonNode send(String sessionId, String runId, Object message) {
        return callback(sessionId, runId, "running", message);
    }

    public JsonNode complete(String sessionId, String runId) {
        return callback(sessionId, runId, "completed", null);
    }

    /**
     * Queues a prompt and plays a whole run: start, an assistant reply, completion. Returns the
     * task answer ({@code session_id}, {@code run_id}).
     */
    public JsonNode converse(Api user, @Nullable String sessionId, String prompt, String reply) {
        JsonNode task = user.post("/api/v1/tasks", sessionId == null ? task(prompt) : followUp(sessionId, prompt)).ok();
        String session = task.path("session_id").asString();
        String run = task.path("run_id").asString();
        start(run);
        send(session, run, Sdk.assistantText(reply));
        complete(session, run);
        return task;
    }
}
