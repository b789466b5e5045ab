package dev.poco.bench;

import dev.poco.testkit.http.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code stream}: how long the model's first word takes to reach the user (issue 16). Each task is a new session
 * on a running {@code ./poco start} (real CLI, sandbox, warm pool) whose prompt makes the fake model stream an
 * answer word by word; we time from the fake model flushing the answer's first {@code text_delta} event (its own
 * clock, in this JVM) to the arrival here of the first {@code message.delta} frame of that run on the session's
 * SSE stream (the web UI's): CLI → runner → {@code POST /internal/runs/{id}/deltas} → PostgreSQL NOTIFY → the SSE
 * connection. Warm-up tasks first, then measured ones, one at a time.
 */
final class StreamBench {

    static final int WARMUP = 3;
    static final int RUNS = Integer.getInteger("bench.stream.runs", 40);
    static final String HEADLINE = "first token: model's first text delta -> browser's SSE";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration THINK = Duration.ofMillis(500);

    private final FakeModel model;
    private final PocoServer server;

    StreamBench(FakeModel model, PocoServer server) {
        this.model = model;
        this.server = server;
    }

    void run(Figures figures) throws Exception {
        Api user = server.user();
        Samples firstToken = new Samples();
        int missed = 0;
        Bench.progress("stream: %d warm-up + %d measured tasks (a new session each, the answer streamed word by word)",
                WARMUP, RUNS);
        for (int i = 0; i < WARMUP + RUNS; i++) {
            Long nanos = task(user);
            if (i >= WARMUP) {
                if (nanos == null) {
                    missed++;
                } else {
                    firstToken.add(nanos);
                }
            }
            Thread.sleep(THINK.toMillis());
        }
        figures.heading("token streaming through ./poco start (real CLI, bubblewrap sandbox, warm pool, fake model"
                + " streaming ~25 words/s)");
        figures.latency(HEADLINE, firstToken, 0.99, "the fake model flushing the first text_delta -> the first"
                + " message.delta frame of the run on the session's SSE stream (target p50 < 100 ms)");
        if (missed > 0) {
            figures.value("stream: runs without a delta on the stream", Integer.toString(missed), "",
                    "the answer arrived only as the complete message");
        }
    }

    /** One task in a new session; the first-token latency in nanoseconds, or null when none could be timed. */
    private @Nullable Long task(Api user) throws Exception {
        String marker = model.marker(FakeModel.STREAM);
        JsonNode task = user.post("/api/v1/tasks", Map.of("prompt", "Answer at length. " + marker)).ok();
        String runId = task.path("run_id").asString();
        try (SessionStream stream = new SessionStream(server.base(), task.path("session_id").asString(),
                user.headers())) {
            SessionStream.Arrival end = stream.awaitRunEnd(runId, TIMEOUT);
            if (!SessionStream.status(end.event()).equals("completed")) {
                Bench.progress("stream: run %s ended %s", runId, SessionStream.status(end.event()));
                return null;
            }
            Instant sent = model.firstTextDelta(marker).orElse(null);
            SessionStream.Arrival first;
            try {
                first = stream.await(e -> e.type().equals("message.delta")
                        && runId.equals(e.data().path("run_id").asString("")), Duration.ZERO, "a delta of " + runId);
            } catch (IllegalStateException none) {
                return null;
            }
            return sent == null ? null : FloorBench.nanos(sent, first.at());
        } finally {
            model.forget(marker);
        }
    }
}
