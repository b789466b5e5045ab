package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code claim4}: how fast four runners drain a backlog. N tasks are queued through the user API
 * under a schedule mode of the benchmark's own; four claimers (four worker ids, one thread each)
 * then long-poll {@code POST /api/v1/runs/claim} back to back until the backlog is empty. Every run
 * must be claimed exactly once; afterwards each claimer finishes its runs as a runner does (start,
 * then a {@code completed} callback), so nothing is left queued or claimed.
 */
final class Claim4Bench {

    static final int TASKS = Integer.getInteger("bench.claim4.tasks", 400);
    static final int CLAIMERS = 4;
    /** The long-poll wait of each claim; an empty answer after it means the backlog is gone. */
    static final int WAIT_SECONDS = 2;

    /** A server replica to claim from: its API as a runner, its name in the report. */
    record Replica(String name, Api runner) {}

    private record Claimed(String runId, String worker, Api runner) {}

    private record Result(String setup, int replicas, double seconds, Samples latency, int claims, int distinct,
            List<String> errors, int finished) {
        double perSecond() {
            return claims / seconds;
        }
    }

    private final Api user;

    /** @param user the API as the user, on the first replica (tasks are created there) */
    Claim4Bench(Api user) {
        this.user = user;
    }

    /**
     * @param setups each a list of replicas the four claimers are spread over (claimer k uses replica k mod size)
     */
    void run(PrintStream out, Figures figures, List<List<Replica>> setups, String note) throws Exception {
        List<Result> results = new ArrayList<>();
        for (List<Replica> replicas : setups) {
            results.add(drain(replicas));
        }
        Bench.section(out, "claim4", "runs claimed per second with " + CLAIMERS + " runners",
                TASKS + " tasks are created through POST /api/v1/tasks with a schedule_mode of the benchmark's own "
                        + "(no other runner or benchmark takes it), not timed. Then " + CLAIMERS + " claimers (worker_id "
                        + "bench-claim4-<k>, one thread each, in this JVM) post POST /api/v1/runs/claim (lease_seconds="
                        + "300, that schedule_modes value, wait_seconds=" + WAIT_SECONDS + ") back to back with the "
                        + "runner token until the backlog is drained. Timed: from the claimers' start to the last claim "
                        + "that returned a run (claims/s = N / that time), and each claim from request sent to answer "
                        + "read. Checked: every created run is claimed exactly once (distinct run ids == N; a run "
                        + "claimed twice is an error). Then, not timed, each claimer finishes its runs as the runner "
                        + "does (POST /api/v1/runs/{id}/start, then POST /api/v1/callback with status completed) and a "
                        + "last claim must find nothing. " + note);
        Table table = new Table("setup", "N", "drained in", "claims/s", "claim p50", "p99", "distinct runs",
                "errors", "finished");
        for (Result r : results) {
            table.row(r.setup(), Integer.toString(TASKS), String.format("%.2f s", r.seconds()),
                    String.format("%.0f/s", r.perSecond()), Samples.ms(r.latency().medianMillis()),
                    Samples.ms(r.latency().percentileMillis(0.99)), Integer.toString(r.distinct()),
                    Integer.toString(r.errors().size()), Integer.toString(r.finished()));
        }
        table.print(out);
        for (Result r : results) {
            r.errors().stream().limit(20).forEach(e -> out.println("  ERROR (" + r.setup() + "): " + e));
            if (r.errors().size() > 20) {
                out.println("  … and " + (r.errors().size() - 20) + " more errors");
            }
        }
        figures.heading("runners claiming a backlog (./poco start, POCO_ROLE=server, warm; claimers simulated over "
                + "HTTP, no CLI, no sandbox)");
        for (Result r : results) {
            figures.value("claim4: runs claimed per second, " + r.setup(), String.format("%.0f/s", r.perSecond()),
                    Integer.toString(r.claims()), CLAIMERS + " claimers draining " + TASKS + " queued runs with POST "
                            + "/api/v1/runs/claim; " + r.distinct() + " distinct runs, " + r.errors().size()
                            + " errors (claimed twice, missed, failed)");
            figures.latency("claim4: claim request -> answer, " + r.setup(), r.latency(),
                    "one POST /api/v1/runs/claim that returned a run, while " + CLAIMERS + " claimers drain the backlog");
        }
    }

    private Result drain(List<Replica> replicas) throws Exception {
        String setup = replicas.size() == 1 ? "1 replica" : replicas.size() + " replicas, one database";
        String mode = "bench-claim4-" + UUID.randomUUID().toString().substring(0, 8);
        Bench.progress("claim4 (%s): queuing %d tasks (schedule_mode %s)", setup, TASKS, mode);
        Map<String, String> sessionOfRun = new ConcurrentHashMap<>();
        try (ExecutorService creators = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                int n = i;
                done.add(creators.submit(() -> {
                    var task = user.post("/api/v1/tasks", Map.of("prompt", "claim4 benchmark " + n,
                            "schedule_mode", mode)).ok();
                    sessionOfRun.put(task.path("run_id").asString(), task.path("session_id").asString());
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        Bench.progress("claim4 (%s): %d claimers draining", setup, CLAIMERS);
        Samples latency = new Samples();
        ConcurrentLinkedQueue<Claimed> claimed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger total = new AtomicInteger();
        AtomicLong lastClaim = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> claimers = new ArrayList<>();
        for (int k = 0; k < CLAIMERS; k++) {
            Replica replica = replicas.get(k % replicas.size());
            String worker = "bench-claim4-" + k;
            claimers.add(Thread.ofPlatform().name(worker).start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                int empty = 0;
                int failed = 0;
                while (total.get() < TASKS && empty < 2 && failed < 5) {
                    long sent = System.nanoTime();
                    Reply reply;
                    try {
                        reply = replica.runner().post("/api/v1/runs/claim", Map.of("worker_id", worker,
                                "lease_seconds", 300, "schedule_modes", List.of(mode), "wait_seconds", WAIT_SECONDS));
                    } catch (RuntimeException e) {
                        failed++;
                        errors.add(worker + " on " + replica.name() + ": claim failed: " + e.getMessage());
                        continue;
                    }
                    long answered = System.nanoTime();
                    if (reply.status() != 200 || reply.code() != 0) {
                        failed++;
                        errors.add(worker + " on " + replica.name() + ": claim answered " + reply.status() + " "
                                + reply.body());
                        continue;
                    }
                    String runId = reply.data().path("run").path("run_id").asString("");
                    if (runId.isEmpty()) {
                        empty++;
                        continue;
                    }
                    empty = 0;
                    latency.add(answered - sent);
                    lastClaim.accumulateAndGet(answered, Math::max);
                    claimed.add(new Claimed(runId, worker, replica.runner()));
                    total.incrementAndGet();
                }
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : claimers) {
            t.join();
        }
        double seconds = (lastClaim.get() - start) / 1e9;

        Map<String, List<Claimed>> byRun = new ConcurrentHashMap<>();
        claimed.forEach(c -> byRun.computeIfAbsent(c.runId(), k -> new ArrayList<>()).add(c));
        byRun.forEach((run, claims) -> {
            if (claims.size() > 1) {
                errors.add("run " + run + " claimed " + claims.size() + " times, by "
                        + claims.stream().map(Claimed::worker).toList());
            }
            if (!sessionOfRun.containsKey(run)) {
                errors.add("run " + run + " was claimed but not created by this benchmark");
            }
        });
        sessionOfRun.keySet().stream().filter(run -> !byRun.containsKey(run))
                .forEach(run -> errors.add("run " + run + " was never claimed"));

        Bench.progress("claim4 (%s): finishing the %d claimed runs (start, completed callback)", setup, byRun.size());
        AtomicInteger finished = new AtomicInteger();
        try (ExecutorService finishers = Executors.newFixedThreadPool(CLAIMERS)) {
            for (Map.Entry<String, List<Claimed>> e : byRun.entrySet()) {
                String run = e.getKey();
                String worker = e.getValue().getFirst().worker();
                Api runner = e.getValue().getFirst().runner();
                String session = sessionOfRun.get(run);
                if (session == null) {
                    continue;
                }
                finishers.submit(() -> {
                    Reply started = runner.post("/api/v1/runs/" + run + "/start", Map.of("worker_id", worker));
                    Reply ended = runner.post("/api/v1/callback", Map.of("session_id", session, "run_id", run,
                            "status", "completed", "progress", 100));
                    if (started.status() == 200 && ended.status() == 200 && ended.code() == 0) {
                        finished.incrementAndGet();
                    } else {
                        errors.add("finishing run " + run + ": start answered " + started.status() + ", callback "
                                + ended.status() + " " + ended.body());
                    }
                });
            }
        }
        Reply last = replicas.getFirst().runner().post("/api/v1/runs/claim", Map.of("worker_id", "bench-claim4-check",
                "lease_seconds", 60, "schedule_modes", List.of(mode), "wait_seconds", 0));
        if (last.status() != 200 || !last.data().path("run").path("run_id").asString("").isEmpty()) {
            errors.add("after finishing, a claim still answered " + last.status() + " " + last.body());
        }
        return new Result(setup, replicas.size(), seconds, latency, total.get(), byRun.size(), List.copyOf(errors),
                finished.get());
    }
}
