package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@code wave}: {@value #DEFAULT_TASKS} tasks fired at once at a running {@code ./poco start},
 * each a new session whose model answer is a {@code sleep 5} Bash call and then, 3 s after the
 * tool result, a text answer (see {@link FakeModel}). Each task's end is the {@code run.updated}
 * event that ends its run on the session's SSE stream (opened once the POST answered); a sampler counts the CLIs below the server's JVM every {@value #SAMPLE_MILLIS} ms and, at the
 * peak, sums the PSS of their sandboxes.
 */
final class WaveBench {

    static final int DEFAULT_TASKS = 50;
    static final int TASKS = Integer.getInteger("bench.wave.tasks", DEFAULT_TASKS);
    static final long SAMPLE_MILLIS = 250;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CHECK = Duration.ofSeconds(10);
    private static final Duration STEADY = Duration.ofSeconds(5);
    private static final Duration STEADY_MAX = Duration.ofMinutes(5);

    private static final class Task {
        final String marker;
        @Nullable Instant sent;
        @Nullable String sessionId;
        @Nullable String runId;
        @Nullable Instant ended;
        @Nullable String error;
        /** The run completed on record, but its end never came on the session's stream. */
        boolean stalled;
        /** How the session's stream ended before the task did (each time, the bench reconnected as a browser does). */
        List<String> drops = List.of();

        Task(String marker) {
            this.marker = marker;
        }
    }

    private final FakeModel model;
    private final PocoServer server;
    private volatile ProcTree.LiveClis peak = new ProcTree.LiveClis(0, 0);

    WaveBench(FakeModel model, PocoServer server) {
        this.model = model;
        this.server = server;
    }

    void run(Figures figures) throws Exception {
        Api user = server.user();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            tasks.add(new Task(model.marker(FakeModel.WAVE)));
        }
        awaitSteadyPool();
        AtomicBoolean stop = new AtomicBoolean();
        Thread sampler = Thread.ofPlatform().daemon().name("bench-wave-sampler").start(() -> sample(stop));
        Bench.progress("wave: %d tasks at once (sleep 5 via Bash, then a 3 s model answer)", TASKS);
        long started = System.nanoTime();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> posters = new ArrayList<>();
            for (Task task : tasks) {
                posters.add(Thread.ofVirtual().start(() -> post(user, task, go)));
            }
            go.countDown();
            for (Thread t : posters) {
                t.join();
            }
        } finally {
            stop.set(true);
            sampler.join(5000);
        }
        double wallSeconds = (System.nanoTime() - started) / 1e9;

        Samples toModel = new Samples();
        Samples toEnd = new Samples();
        int failures = 0;
        int stalled = 0;
        int dropped = 0;
        for (Task task : tasks) {
            if (!task.drops.isEmpty()) {
                dropped++;
                Bench.progress("wave: the stream of session %s ended %d time(s): %s", task.sessionId,
                        task.drops.size(), task.drops);
            }
            Instant atModel = model.firstRequest(task.marker).orElse(null);
            model.forget(task.marker);
            if (task.error != null) {
                failures++;
                Bench.progress("wave: task %s: %s", task.sessionId, task.error);
                continue;
            }
            if (task.stalled) {
                stalled++;
                Bench.progress("wave: task %s: run %s completed, but its session's stream never showed its end",
                        task.sessionId, task.runId);
            }
            Instant end = task.ended;
            if (task.sent != null && atModel != null) {
                toModel.add(FloorBench.nanos(task.sent, atModel));
            }
            if (task.sent != null && end != null) {
                toEnd.add(FloorBench.nanos(task.sent, end));
            }
        }
        ProcTree.LiveClis top = peak;
        figures.heading("wave: " + TASKS + " new-session tasks POSTed at once, each a 5 s Bash call and a 3 s model"
                + " answer (" + String.format("%.0f", wallSeconds) + " s in all)");
        figures.value("wave: failures", Integer.toString(failures), Integer.toString(TASKS),
                "tasks whose run did not complete (its record, or its stream) within " + TIMEOUT.toMinutes()
                        + " min (must be 0)");
        figures.value("wave: event streams that stalled", Integer.toString(stalled), Integer.toString(TASKS),
                "runs completed on record (GET /api/v1/runs/{id}) whose session SSE stream never showed the ending"
                        + " run.updated (" + CHECK.toSeconds() + " s after) - the web UI would show them running");
        figures.value("wave: event streams that dropped", Integer.toString(dropped), Integer.toString(TASKS),
                "session SSE streams that ended while their run went on; the bench reconnected with Last-Event-ID"
                        + " after 2 s, as the web UI's EventSource does");
        figures.latency("wave: POST -> first model request", toModel, 0.95,
                "just before each POST -> the fake model's arrival stamp of the first /v1/messages with its prompt");
        figures.latency("wave: POST -> run completed", toEnd, 0.95,
                "just before each POST -> the run.updated event that ends its run on the session's SSE stream"
                        + " (stalled streams not counted)");
        figures.value("wave: CLIs alive at peak", Integer.toString(top.clis()), "",
                "most Claude Code processes below the server's JVM in one /proc sample (every " + SAMPLE_MILLIS
                        + " ms)");
        figures.value("wave: memory per live session", top.clis() == 0 ? "-" : Footprint.mb(top.pssKb() / top.clis()),
                "", "summed PSS of the live CLIs' sandbox process trees at that peak (" + Footprint.mb(top.pssKb())
                        + ") / CLIs alive");
    }

    private void post(Api user, Task task, CountDownLatch go) {
        try {
            go.await();
            task.sent = Instant.now();
            Reply reply = user.post("/api/v1/tasks", Map.of("prompt", "Run the wave step. " + task.marker));
            if (reply.status() != 200 || reply.code() != 0) {
                task.error = "POST answered " + reply.status() + ": " + reply.body();
                return;
            }
            String runId = reply.data().path("run_id").asString();
            String sessionId = reply.data().path("session_id").asString();
            task.runId = runId;
            task.sessionId = sessionId;
            try (SessionStream stream = new SessionStream(server.base(), sessionId, user.headers())) {
                try {
                    awaitEnd(user, task, stream, runId);
                } finally {
                    task.drops = stream.drops();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.error = "interrupted";
        } catch (Exception e) {
            task.error = "failed: " + e;
        }
    }

    /**
     * Waits for the run's end on its session's stream; every {@link #CHECK} without it, asks the
     * run's record. A run its record calls ended whose end the stream still does not show
     * {@link #CHECK} later is a stalled stream (the web UI would show it running), not a failed run.
     */
    private static void awaitEnd(Api user, Task task, SessionStream stream, String runId) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        boolean endedOnRecord = false;
        while (true) {
            try {
                SessionStream.Arrival end = stream.awaitRunEnd(runId, CHECK);
                String status = SessionStream.status(end.event());
                if (status.equals("completed")) {
                    task.ended = end.at();
                } else {
                    task.error = "run " + status + ": " + end.event().data().path("payload").path("last_error");
                }
                return;
            } catch (IllegalStateException notYet) {
                Reply run = user.get("/api/v1/runs/" + runId);
                String status = run.data().path("status").asString("");
                if (endedOnRecord || System.nanoTime() > deadline) {
                    if (status.equals("completed")) {
                        task.stalled = true;
                    } else {
                        task.error = "run " + (status.isEmpty() ? "unknown" : status) + " after " + TIMEOUT.toMinutes()
                                + " min " + run.data().path("last_error").asString("") + "; " + notYet.getMessage();
                    }
                    return;
                }
                endedOnRecord = SessionStream.ended(status);
            }
        }
    }

    /**
     * Waits until the number of CLIs alive below the server has not changed for {@link #STEADY}: the warm pool is
     * full (POCO_RUNNER_WARM_POOL agents, one per core by default) and the runs before the wave are gone, so the wave
     * starts on the host as a user's burst would find it. Gives up after {@link #STEADY_MAX}.
     */
    private void awaitSteadyPool() throws InterruptedException {
        long deadline = System.nanoTime() + STEADY_MAX.toNanos();
        int last = -1;
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int clis = ProcTree.now().claudes(server.pid()).size();
            if (clis != last) {
                last = clis;
                since = System.nanoTime();
                Bench.progress("wave: %d CLIs alive (warm pool), waiting until that holds for %d s", clis,
                        STEADY.toSeconds());
            } else if (System.nanoTime() - since >= STEADY.toNanos()) {
                return;
            }
            Thread.sleep(SAMPLE_MILLIS);
        }
    }

    private void sample(AtomicBoolean stop) {
        while (!stop.get()) {
            ProcTree tree = ProcTree.now();
            int clis = tree.claudes(server.pid()).size();
            if (clis > 0 && clis >= peak.clis()) {
                ProcTree.LiveClis now = tree.liveClis(server.pid());
                if (now.clis() >= peak.clis()) {
                    peak = now;
                }
            }
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
