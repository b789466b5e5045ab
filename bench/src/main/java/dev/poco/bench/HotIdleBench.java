package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code hot-idle [N]}: N sessions (100 by default) each with one completed task, then what stays
 * alive: the CLIs below the server's JVM and the PSS of their sandboxes, in all and per session,
 * against the budget of 100 idle hot sessions in 24 GiB.
 */
final class HotIdleBench {

    static final int DEFAULT_COUNT = 100;
    /** Tasks in flight at once while the sessions are created. */
    static final int CONCURRENCY = 8;
    static final long BUDGET_KB = 24L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** After the last run completed, before looking: the runner's own clean-up after a run. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private final FakeModel model;
    private final PocoServer server;
    private final int count;

    HotIdleBench(FakeModel model, PocoServer server, int count) {
        this.model = model;
        this.server = server;
        this.count = count;
    }

    void run(Figures figures) throws Exception {
        Api user = server.user();
        Semaphore slots = new Semaphore(CONCURRENCY);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Bench.progress("hot-idle: creating %d sessions, each with one completed task (%d at a time)", count,
                CONCURRENCY);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            slots.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    if (oneTask(user)) {
                        completed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    Bench.progress("hot-idle: %s", e.getMessage());
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Bench.progress("hot-idle: %d completed, %d not; looking at what stays alive in %d s", completed.get(),
                failed.get(), SETTLE.toSeconds());
        Thread.sleep(SETTLE.toMillis());
        ProcTree.LiveClis live = ProcTree.now().liveClis(server.pid());
        long jvm = ProcTree.pssKb(server.pid());
        int sessions = completed.get();
        figures.heading("hot idle sessions: " + count + " sessions, each with one completed task, then idle "
                + SETTLE.toSeconds() + " s");
        figures.value("hot-idle: sessions completed", Integer.toString(sessions), Integer.toString(count),
                "sessions whose one task completed (" + failed.get() + " did not)");
        figures.value("hot-idle: CLIs alive", Integer.toString(live.clis()), "",
                live.clis() == 0 ? "0 CLIs alive after completion: hot sessions are not kept"
                        : "Claude Code processes below the server's JVM after the last run completed");
        figures.value("hot-idle: PSS of live CLI trees", Footprint.mb(live.pssKb()), "",
                "summed PSS of the live CLIs' sandbox process trees");
        if (live.clis() > 0) {
            long perSession = live.pssKb() / live.clis();
            figures.value("hot-idle: PSS per live session", Footprint.mb(perSession), "",
                    "that / CLIs alive; 100 sessions would take " + Footprint.mb(perSession * 100) + ": "
                            + (perSession * 100 <= BUDGET_KB ? "fits" : "does NOT fit") + " in 24 GiB");
        }
        figures.value("hot-idle: server JVM PSS", Footprint.mb(jvm), "", "Pss of the ./poco start JVM at the same moment");
    }

    private boolean oneTask(Api user) throws Exception {
        String marker = model.marker("hot-");
        Reply reply = user.post("/api/v1/tasks", Map.of("prompt", "Reply briefly. " + marker));
        if (reply.status() != 200) {
            Bench.progress("hot-idle: POST answered %d: %s", reply.status(), reply.body());
            return false;
        }
        String runId = reply.data().path("run_id").asString();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                String status = user.get("/api/v1/runs/" + runId).data().path("status").asString("");
                if (SessionStream.ended(status)) {
                    return status.equals("completed");
                }
            }
            return false;
        } finally {
            model.forget(marker);
        }
    }
}
