package dev.poco.bench;

import dev.poco.testkit.http.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code path}: the user's path through a running {@code ./poco start}, in absolute figures. Each
 * task is a {@code POST /api/v1/tasks} whose prompt carries a marker; we time from just before
 * the POST is sent to (1) the fake model's arrival stamp of the first model request carrying the
 * marker, (2) the arrival here of the first event on the session's SSE stream
 * ({@code GET /api/v1/sessions/{id}/events}, the web UI's) that carries the answer's text, and (3)
 * the {@code run.updated} event that ends the run. Rounds of a new session then a follow-up in
 * it: the first round after the server became healthy ("first after start"), then warm-ups, then measured
 * rounds, one task at a time with a second of think time between tasks.
 */
final class PathBench {

    static final int WARMUP = 2;
    static final int RUNS = Integer.getInteger("bench.path.runs", 15);
    static final String HEADLINE = "warm new session: POST -> first model request";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration THINK = Duration.ofSeconds(1);

    private record Timing(long toModel, long toText, long toEnd) {}

    private static final class Series {
        final Samples toModel = new Samples();
        final Samples toText = new Samples();
        final Samples toEnd = new Samples();

        void add(Timing t) {
            toModel.add(t.toModel());
            toText.add(t.toText());
            toEnd.add(t.toEnd());
        }
    }

    private final FakeModel model;
    private final PocoServer server;
    private int failures;

    PathBench(FakeModel model, PocoServer server) {
        this.model = model;
        this.server = server;
    }

    void run(Figures figures) throws Exception {
        Api user = server.user();
        Series coldNew = new Series();
        Series coldFollowUp = new Series();
        Series warmNew = new Series();
        Series warmFollowUp = new Series();
        Bench.progress("path: first round (the first tasks since the server became healthy)");
        round(user, coldNew, coldFollowUp);
        Bench.progress("path: %d warm-up + %d measured rounds (a new session, then a follow-up in it)", WARMUP, RUNS);
        for (int i = 0; i < WARMUP + RUNS; i++) {
            boolean counted = i >= WARMUP;
            round(user, counted ? warmNew : null, counted ? warmFollowUp : null);
        }
        figures.heading("user path through ./poco start (real CLI, bubblewrap sandbox, fake model); timed from just"
                + " before POST /api/v1/tasks is sent");
        report(figures, "warm new session", warmNew, "a new session, after " + WARMUP + " warm-up rounds");
        report(figures, "warm follow-up", warmFollowUp,
                "a follow-up in that session, its previous run completed " + THINK.toSeconds() + " s before");
        // "first after start": the server's JIT is cold, the warm pool is not (it serves the first task when the
        // task's settings are the single user's defaults); POCO_RUNNER_WARM_POOL=0 measures CLI cold starts
        report(figures, "first after start: new session", coldNew, "the first task since the server became healthy"
                + " (then idle for the footprint)");
        report(figures, "first after start: follow-up", coldFollowUp, "the follow-up in that first session");
        if (failures > 0) {
            figures.value("path: runs that did not complete", Integer.toString(failures), "", "failed or canceled runs");
        }
    }

    private static void report(Figures figures, String name, Series s, String which) {
        figures.latency(name + ": POST -> first model request", s.toModel,
                which + ": -> the fake model's arrival stamp of the first /v1/messages carrying the prompt");
        figures.latency(name + ": POST -> first text on SSE", s.toText,
                which + ": -> the first event on the session's SSE stream carrying the answer's text");
        figures.latency(name + ": POST -> run completed", s.toEnd,
                which + ": -> the run.updated event on the SSE stream that ends the run");
    }

    /** A session of a round: its id and its event stream, both known once the first task was posted. */
    private static final class Live implements AutoCloseable {
        @Nullable String sessionId;
        @Nullable SessionStream stream;

        @Override
        public void close() {
            if (stream != null) {
                stream.close();
            }
        }
    }

    /** A new session, then a follow-up in it; either series may be null (not counted). */
    private void round(Api user, @Nullable Series fresh, @Nullable Series followUp) throws Exception {
        try (Live live = new Live()) {
            Timing first = task(user, live);
            if (fresh != null && first != null) {
                fresh.add(first);
            }
            Thread.sleep(THINK.toMillis());
            Timing second = task(user, live);
            if (followUp != null && second != null) {
                followUp.add(second);
            }
            Thread.sleep(THINK.toMillis());
        }
    }

    /** One task: in {@code live}'s session if it has one, else in a new session that {@code live} then holds. */
    private @Nullable Timing task(Api user, Live live) throws Exception {
        String marker = model.marker("path-");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("prompt", "Reply briefly. " + marker);
        if (live.sessionId != null) {
            body.put("session_id", live.sessionId);
        }
        Instant sent = Instant.now();
        JsonNode task = user.post("/api/v1/tasks", body).ok();
        String runId = task.path("run_id").asString();
        SessionStream stream = live.stream;
        if (stream == null) {
            live.sessionId = task.path("session_id").asString();
            stream = new SessionStream(server.base(), live.sessionId, user.headers());
            live.stream = stream;
        }
        SessionStream.Arrival end = stream.awaitRunEnd(runId, TIMEOUT);
        String status = SessionStream.status(end.event());
        if (!status.equals("completed")) {
            failures++;
            Bench.progress("path: run %s ended %s: %s", runId, status, end.event().data());
            model.forget(marker);
            return null;
        }
        Instant atModel = model.awaitFirstRequest(marker, Duration.ofSeconds(1));
        SessionStream.Arrival text = stream.awaitText(marker, Duration.ofSeconds(5));
        model.forget(marker);
        return new Timing(FloorBench.nanos(sent, atModel), FloorBench.nanos(sent, text.at()),
                FloorBench.nanos(sent, end.at()));
    }
}
