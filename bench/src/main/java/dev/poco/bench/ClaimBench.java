package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * {@code claim}: how fast a long-polling runner gets a task. A claimer waits on
 * {@code POST /runs/claim} with {@code wait_seconds} and a schedule mode of its own; the task is
 * posted with that mode once the claim is parked; the time from the task POST's answer to the
 * claim's answer is the latency (the wake-up goes through PostgreSQL NOTIFY).
 */
final class ClaimBench {

    static final int WARMUP = 5;
    static final int RUNS = 50;
    /** How long the claim gets to reach the server and park before the task is posted. */
    static final long PARK_MILLIS = 150;
    static final double TARGET_MILLIS = 100;

    private final Product product;

    ClaimBench(Product product) {
        this.product = product;
    }

    void run(PrintStream out, Figures figures) throws Exception {
        Api user = product.user("bench-claim");
        Api runner = product.runner();
        Samples fromAnswer = new Samples();
        Samples fromSend = new Samples();
        int errors = 0;
        for (int i = 0; i < WARMUP + RUNS; i++) {
            String mode = "bench-claim-" + UUID.randomUUID().toString().substring(0, 8);
            long[] claimedAt = new long[1];
            CompletableFuture<Reply> claim = CompletableFuture.supplyAsync(() -> {
                Reply reply = runner.post("/api/v1/runs/claim", Map.of("worker_id", "bench-claimer",
                        "lease_seconds", 60, "schedule_modes", List.of(mode), "wait_seconds", 10));
                claimedAt[0] = System.nanoTime();
                return reply;
            }, runnable -> Thread.ofPlatform().name("bench-claimer").start(runnable));
            Thread.sleep(PARK_MILLIS);
            long sent = System.nanoTime();
            JsonNode task = user.post("/api/v1/tasks", Map.of("prompt", "claim benchmark " + i,
                    "schedule_mode", mode)).ok();
            long answered = System.nanoTime();
            Reply reply = claim.get(15, TimeUnit.SECONDS);
            String claimedRun = reply.status() == 200 ? reply.data().path("run").path("run_id").asString("") : "";
            if (!claimedRun.equals(task.path("run_id").asString())) {
                errors++;
                Bench.progress("claim %d: expected run %s, the claim answered %s", i, task.path("run_id").asString(),
                        reply.body());
                continue;
            }
            if (i >= WARMUP) {
                fromAnswer.add(claimedAt[0] - answered);
                fromSend.add(claimedAt[0] - sent);
            }
        }
        double p99 = fromAnswer.percentileMillis(0.99);
        Bench.section(out, "claim", "long-poll claim latency",
                "A claimer parks on POST /api/v1/runs/claim (wait_seconds=10, a schedule_modes value of its own); "
                        + PARK_MILLIS + " ms later a task with that schedule_mode is posted, and we time from the "
                        + "task POST's answer to the claim's answer (" + WARMUP + " warm-up rounds not counted).");
        new Table(Table.LATENCY)
                .latency("task POST answered -> claim answered", fromAnswer,
                        "<= " + (int) TARGET_MILLIS + " ms: " + Bench.verdict(p99 <= TARGET_MILLIS) + " (at p99)")
                .latency("task POST sent -> claim answered", fromSend, "")
                .print(out);
        figures.heading("server alone, in this JVM with the runner off (timed with the server's own API)");
        figures.latency("claim: task POST answered -> claim answered", fromAnswer,
                "a runner's long-poll POST /api/v1/runs/claim, parked first, answers with the task's run");
        if (errors > 0) {
            out.println("  " + errors + " claims did not return their task (see above)");
        }
        out.println("  A negative latency means the claim answered before the task POST did (both are woken by the same commit).");
    }
}
