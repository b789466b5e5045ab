package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import dev.poco.testkit.http.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@code wave}: {@value #DEFAULT_TASKS} tasks fired at once at a running {@code ./poco start},
 * each a new session whose model answer is a {@code sleep 5} Bash call and then, 3 s after the
 * tool result, a text answer (see {@link FakeModel}). Completions come from the user's event
 * stream ({@code GET /api/v1/events}, session.updated), outcomes from {@code GET /api/v1/runs/{id}};
 * a sampler counts the CLIs below the server's JVM every {@value #SAMPLE_MILLIS} ms and, at the
 * peak, sums the PSS of their sandboxes.
 */
final class WaveBench {

    static final int DEFAULT_TASKS = 50;
    static final int TASKS = Integer.getInteger("bench.wave.tasks", DEFAULT_TASKS);
    static final long SAMPLE_MILLIS = 250;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static final class Task {
        final String marker;
        @Nullable Instant sent;
        @Nullable String sessionId;
        @Nullable String runId;
        @Nullable String error;

        Task(String marker) {
            this.marker = marker;
        }
    }

    private final FakeModel model;
    private final PocoServer server;
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();
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
        AtomicBoolean stop = new AtomicBoolean();
        SseClient events = SseClient.open(server.base() + "/api/v1/events", user.headers());
        if (events.status() != 200) {
            throw new IllegalStateException("GET /api/v1/events answered " + events.status());
        }
        Thread listener = Thread.ofVirtual().name("bench-wave-events").start(() -> listen(events, stop));
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
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && tasks.stream()
                    .anyMatch(t -> t.error == null && t.sessionId != null && !ended.containsKey(t.sessionId))) {
                Thread.sleep(200);
            }
        } finally {
            stop.set(true);
            events.close();
            listener.interrupt();
            sampler.join(5000);
        }
        double wallSeconds = (System.nanoTime() - started) / 1e9;

        Samples toModel = new Samples();
        Samples toEnd = new Samples();
        int failures = 0;
        for (Task task : tasks) {
            String outcome = task.error != null ? task.error : outcome(user, task);
            Instant atModel = model.firstRequest(task.marker).orElse(null);
            model.forget(task.marker);
            if (!outcome.equals("completed")) {
                failures++;
                Bench.progress("wave: task %s: %s", task.sessionId, outcome);
                continue;
            }
            Instant end = ended.get(task.sessionId);
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
                "tasks whose run did not end completed within " + TIMEOUT.toMinutes() + " min (must be 0)");
        figures.latency("wave: POST -> first model request", toModel, 0.95,
                "just before each POST -> the fake model's arrival stamp of the first /v1/messages with its prompt");
        figures.latency("wave: POST -> run completed", toEnd, 0.95,
                "just before each POST -> session.updated with status completed on GET /api/v1/events");
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
            task.runId = reply.data().path("run_id").asString();
            task.sessionId = reply.data().path("session_id").asString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.error = "interrupted";
        } catch (RuntimeException e) {
            task.error = "POST failed: " + e;
        }
    }

    private String outcome(Api user, Task task) {
        Reply run = user.get("/api/v1/runs/" + task.runId);
        if (run.status() != 200) {
            return "GET run answered " + run.status();
        }
        String status = run.data().path("status").asString("");
        return status.equals("completed") ? status : "run " + status + " " + run.data().path("last_error").asString("");
    }

    private void listen(SseClient events, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                SseClient.Event e = events.next(Duration.ofMillis(500));
                if (e == null || !"session.updated".equals(e.type())) {
                    continue;
                }
                Instant at = Instant.now();
                String status = SessionStream.status(e);
                String session = e.data().path("payload").path("session_id").asString("");
                if (SessionStream.ended(status) && !session.isEmpty()) {
                    ended.putIfAbsent(session, at);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
