package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import dev.poco.testkit.http.SseClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code fanout}: one server replica ({@code ./poco start}, {@code POCO_ROLE=server}) with N session
 * streams open, one per session, as N browser tabs hold them, while a simulated runner posts an agent
 * message for every session: how long a message takes from the runner's callback to the browser's
 * stream, whether every one arrives, and what the server process uses meanwhile.
 */
final class FanoutBench {

    /** Stream counts measured, in order ({@code -Dbench.fanout.streams=200,400}). */
    static final int[] STREAMS = Arrays.stream(System.getProperty("bench.fanout.streams", "200,400").split(","))
            .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    /** Callbacks per second per session stream ({@code -Dbench.fanout.rate}). */
    static final double RATE_PER_STREAM = Double.parseDouble(System.getProperty("bench.fanout.rate", "1"));
    static final Duration WARMUP = Duration.ofSeconds(3);
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("bench.fanout.seconds", 10));
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(10);
    static final String HEADLINE = "fanout: callback -> SSE event";
    /** A schedule mode no runner takes: the runs stay queued and callbacks find them as their sessions' runs. */
    static final String MODE = "bench-fanout";

    private record Session(String id, String bodyPrefix) {
        String body(String marker) {
            return bodyPrefix + marker + "\"}],\"model\":\"claude-fake\",\"parent_tool_use_id\":null,\"error\":null}}";
        }
    }

    /** One callback: which stream must show it, when it was sent, answered and shown. */
    private static final class Sent {
        final int stream;
        final long sentAt;
        final boolean measured;
        volatile long answeredAt;
        volatile long arrivedAt;

        Sent(int stream, long sentAt, boolean measured) {
            this.stream = stream;
            this.sentAt = sentAt;
            this.measured = measured;
        }
    }

    private record Stream(SseClient client, Thread consumer) {}

    /** What one stream count gave. */
    private record Result(int streams, double offeredPerSecond, Samples fromSent, Samples fromAnswered,
            long measuredSent, long delivered, long missing, long misrouted, long duplicates, long failedCallbacks,
            long droppedStreams, double deliveredPerSecond, ServerProcess.Reading before, ServerProcess.Reading after,
            double serverCpu, String machine) {}

    private final Api user;
    private final Api runner;
    private final String base;
    private final ServerProcess server;
    private final List<Session> sessions = new ArrayList<>();
    private final List<Stream> streams = new ArrayList<>();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong misrouted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failedCallbacks = new AtomicLong();

    FanoutBench(PocoServer poco, String runnerToken) {
        this.base = poco.base();
        this.user = poco.user();
        this.runner = new Api(poco.base(), Map.of("X-Internal-Token", runnerToken));
        this.server = new ServerProcess(poco.pid(), poco.base(), runnerToken);
    }

    void run(PrintStream out, Figures figures) throws Exception {
        int most = Arrays.stream(STREAMS).max().orElse(200);
        Bench.progress("fanout: creating %d sessions (POST /api/v1/tasks, schedule_mode %s)", most, MODE);
        try (ExecutorService creators = Executors.newFixedThreadPool(4)) {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < most; i++) {
                int n = i;
                ids.add(creators.submit(() -> user.post("/api/v1/tasks", Map.of("prompt", "fanout benchmark " + n,
                        "schedule_mode", MODE)).ok().path("session_id").asString()));
            }
            for (Future<String> id : ids) {
                String s = id.get();
                sessions.add(new Session(s, "{\"session_id\":\"" + s + "\",\"status\":\"running\",\"progress\":50,"
                        + "\"new_message\":{\"_type\":\"AssistantMessage\",\"content\":[{\"_type\":\"TextBlock\","
                        + "\"text\":\""));
            }
        }
        // the first callback of a session also marks its run and session running; keep that out of the figures
        try (ExecutorService first = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < sessions.size(); i++) {
                int n = i;
                first.submit(() -> send(n, "first-" + n, false));
            }
        }
        sent.clear();
        Thread.sleep(2000);
        ServerProcess.Reading idle = server.read();

        List<Result> results = new ArrayList<>();
        for (int count : STREAMS) {
            results.add(measure(count));
        }
        closeStreams();

        Bench.section(out, "fanout", "session streams per server replica",
                "One server replica: ./poco start with POCO_ROLE=server (its real jar and JVM options; no runner, so no"
                        + " CLI and no sandbox), on the benchmark's PostgreSQL. N sessions are created through POST "
                        + "/api/v1/tasks (a schedule_mode no runner takes, so their runs stay queued), and each gets one"
                        + " stream as the web UI opens it: GET /api/v1/sessions/{id}/messages-with-files, then GET "
                        + "/api/v1/sessions/{id}/events?after=<its X-Last-Event-ID>. A simulated runner (this JVM, the "
                        + "INTERNAL_API_TOKEN) posts POST /api/v1/callback with an AssistantMessage carrying a unique "
                        + "marker, open-loop, " + fmt(RATE_PER_STREAM) + " per second per session, round-robin over the"
                        + " N sessions, for " + MEASURE.toSeconds() + " s after " + WARMUP.toSeconds() + " s of warm-up"
                        + " (warm server). Timed: from just before the callback is sent (and from its 200 answer) to "
                        + "its message.created event read on its own session's stream; every marker must arrive, on "
                        + "the right stream, once (waited up to " + ARRIVAL_TIMEOUT.toSeconds() + " s). The server "
                        + "process's CPU (utime+stime of /proc/<pid>/stat over the measured window, % of one core; the"
                        + " machine has " + Runtime.getRuntime().availableProcessors() + "), RSS and threads (/proc),"
                        + " heap in use (its /actuator/prometheus, not after a GC) are read at the window's end; the "
                        + "load generator and PostgreSQL are other processes on the same cores. Delivered/s: measured "
                        + "events shown / (last shown - first sent).");
        Table table = new Table("streams", "offered", "delivered", "sent -> shown p50", "p99", "answered -> shown p50",
                "p99", "missing", "errors", "server CPU", "RSS", "heap", "threads");
        table.row("0 (idle, sessions created)", "-", "-", "-", "-", "-", "-", "-", "-", "-",
                ServerProcess.mb(idle.rssKb() * 1024), ServerProcess.mb(idle.heapUsedBytes()),
                Integer.toString(idle.threads()));
        for (Result r : results) {
            table.row(Integer.toString(r.streams()), fmt(r.offeredPerSecond()) + "/s",
                    fmt(r.deliveredPerSecond()) + "/s", Samples.ms(r.fromSent().medianMillis()),
                    Samples.ms(r.fromSent().percentileMillis(0.99)), Samples.ms(r.fromAnswered().medianMillis()),
                    Samples.ms(r.fromAnswered().percentileMillis(0.99)), r.missing() + " of " + r.measuredSent(),
                    Long.toString(r.misrouted() + r.duplicates() + r.failedCallbacks() + r.droppedStreams()),
                    String.format("%.0f%%", r.serverCpu()), ServerProcess.mb(r.after().rssKb() * 1024),
                    ServerProcess.mb(r.after().heapUsedBytes()), Integer.toString(r.after().threads()));
        }
        table.print(out);
        for (Result r : results) {
            out.println("  " + r.streams() + " streams: " + (keptUp(r) ? "kept up" : "DID NOT keep up")
                    + " (delivered >= 95% of offered, p99 < 1 s, nothing missing, no errors); " + r.delivered() + " of "
                    + r.measuredSent() + " measured events shown; errors: " + r.failedCallbacks()
                    + " callbacks failed, " + r.misrouted() + " on a wrong stream, " + r.duplicates()
                    + " shown twice, " + r.droppedStreams() + " streams ended");
            out.println("    during the window: server JVM " + String.format("%.0f%%", r.serverCpu())
                    + " of one core, " + r.machine());
        }
        out.println("  'answered -> shown' may be negative: the event can reach the stream before the callback's answer"
                + " reaches the runner (both follow the same commit).");
        out.println("  Capacity is stated only for the stream counts measured above; nothing here is extrapolated.");

        figures.heading("one server replica (./poco start, POCO_ROLE=server, warm; runner simulated over HTTP, no CLI,"
                + " no sandbox)");
        for (Result r : results) {
            figures.latency(HEADLINE + ", " + r.streams() + " streams", r.fromSent(),
                    "runner callback POST sent -> its message.created on its session's SSE stream, "
                            + fmt(r.offeredPerSecond()) + " callbacks/s over " + r.streams() + " open streams; "
                            + r.missing() + " missing, " + (r.misrouted() + r.duplicates() + r.failedCallbacks()
                                    + r.droppedStreams()) + " errors; " + (keptUp(r) ? "kept up" : "DID NOT keep up"));
            figures.value("fanout: delivered, " + r.streams() + " streams", fmt(r.deliveredPerSecond()) + "/s",
                    Long.toString(r.delivered()), "events shown on the streams per second of the "
                            + MEASURE.toSeconds() + " s window (offered " + fmt(r.offeredPerSecond()) + "/s)");
            figures.value("fanout: server, " + r.streams() + " streams", String.format("%.0f%%", r.serverCpu()), "1",
                    "server JVM CPU over the window (% of one core of " + Runtime.getRuntime().availableProcessors()
                            + "); RSS " + ServerProcess.mb(r.after().rssKb() * 1024) + ", heap "
                            + ServerProcess.mb(r.after().heapUsedBytes()) + ", " + r.after().threads()
                            + " threads at its end (idle: RSS " + ServerProcess.mb(idle.rssKb() * 1024) + ", "
                            + idle.threads() + " threads)");
        }
    }

    private static boolean keptUp(Result r) {
        return r.deliveredPerSecond() >= 0.95 * r.offeredPerSecond() && r.fromSent().percentileMillis(0.99) < 1000
                && r.missing() == 0 && r.misrouted() + r.duplicates() + r.failedCallbacks() + r.droppedStreams() == 0;
    }

    private Result measure(int count) throws Exception {
        openStreams(count);
        double rate = RATE_PER_STREAM * count;
        Bench.progress("fanout: %d streams open, %s callbacks/s, %d s warm-up + %d s measured", count, fmt(rate),
                WARMUP.toSeconds(), MEASURE.toSeconds());
        long failedBefore = failedCallbacks.get();
        long misroutedBefore = misrouted.get();
        long duplicatesBefore = duplicates.get();
        paced(count, rate, WARMUP, false);
        ServerProcess.Reading before = server.read();
        Cpu machineBefore = Cpu.now();
        paced(count, rate, MEASURE, true);
        ServerProcess.Reading after = server.read();
        String machine = cpuShares(machineBefore, Cpu.now(), (after.nanoTime() - before.nanoTime()) / 1e9);
        awaitArrivals();
        Samples fromSent = new Samples();
        Samples fromAnswered = new Samples();
        long measuredSent = 0;
        long delivered = 0;
        long firstSent = Long.MAX_VALUE;
        long lastArrived = Long.MIN_VALUE;
        for (Sent s : sent.values()) {
            if (!s.measured) {
                continue;
            }
            measuredSent++;
            if (s.arrivedAt != 0) {
                delivered++;
                fromSent.add(s.arrivedAt - s.sentAt);
                if (s.answeredAt != 0) {
                    fromAnswered.add(s.arrivedAt - s.answeredAt);
                }
                firstSent = Math.min(firstSent, s.sentAt);
                lastArrived = Math.max(lastArrived, s.arrivedAt);
            }
        }
        sent.clear();
        long dropped = streams.stream().filter(s -> s.client().endedHow().isPresent()).count();
        double seconds = delivered == 0 ? 1 : (lastArrived - firstSent) / 1e9;
        return new Result(count, rate, fromSent, fromAnswered, measuredSent, delivered, measuredSent - delivered,
                misrouted.get() - misroutedBefore, duplicates.get() - duplicatesBefore,
                failedCallbacks.get() - failedBefore, dropped, delivered / seconds, before, after,
                after.cpuPercentOfOneCore(before), machine);
    }

    /** Where the cores went during the window: this JVM (load generator and clients), PostgreSQL, the machine. */
    static String cpuShares(Cpu before, Cpu after, double seconds) {
        double generator = 100.0 * (after.jvmNanos() - before.jvmNanos()) / 1e9 / seconds;
        double postgres = 100.0 * (after.postgresTicks() - before.postgresTicks()) / Cpu.HZ / seconds;
        double busy = 100.0 * (after.machineBusyTicks() - before.machineBusyTicks())
                / Math.max(1, after.machineTotalTicks() - before.machineTotalTicks());
        return String.format("load generator and clients (this JVM) %.0f%% of one core, every PostgreSQL process on "
                + "the host %.0f%%, machine %.0f%% busy", generator, postgres, busy);
    }

    // ---- streams ---------------------------------------------------------------------------

    private void openStreams(int count) throws Exception {
        while (streams.size() < count) {
            int index = streams.size();
            Session s = sessions.get(index);
            Reply current = user.get("/api/v1/sessions/" + s.id() + "/messages-with-files");
            String after = current.header("X-Last-Event-ID");
            SseClient client = SseClient.open(base + "/api/v1/sessions/" + s.id() + "/events?after="
                    + (after == null ? "0" : after), user.headers());
            if (client.status() != 200) {
                throw new IllegalStateException("event stream of " + s.id() + " answered " + client.status());
            }
            Thread consumer = Thread.ofVirtual().name("bench-fanout-" + index).start(() -> consume(index, client));
            streams.add(new Stream(client, consumer));
        }
    }

    private void consume(int index, SseClient client) {
        try {
            while (!stopping.get()) {
                SseClient.Event event = client.next(Duration.ofMillis(500));
                if (event == null || !"message.created".equals(event.type())) {
                    continue;
                }
                long now = System.nanoTime();
                String marker = event.data().path("payload").path("content").path("content").path(0).path("text")
                        .asString("");
                Sent s = sent.get(marker);
                if (s == null) {
                    continue;
                }
                if (s.stream != index) {
                    misrouted.incrementAndGet();
                } else if (s.arrivedAt != 0) {
                    duplicates.incrementAndGet();
                } else {
                    s.arrivedAt = now;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeStreams() throws InterruptedException {
        stopping.set(true);
        for (Stream s : streams) {
            s.client().close();
        }
        for (Stream s : streams) {
            s.consumer().join(2000);
        }
        streams.clear();
        stopping.set(false);
    }

    /** Waits until every callback sent has been shown, or the timeout. */
    private void awaitArrivals() throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && sent.values().stream().anyMatch(s -> s.arrivedAt == 0)) {
            Thread.sleep(20);
        }
    }

    // ---- load ------------------------------------------------------------------------------

    /** Sends {@code rate} callbacks a second, open-loop, round-robin over the first {@code count} sessions. */
    private void paced(int count, double rate, Duration duration, boolean measured) {
        long interval = (long) (1e9 / rate);
        long total = (long) (duration.toSeconds() * rate);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            for (long k = 0; k < total; k++) {
                long due = start + k * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                int target = (int) (k % count);
                String marker = "f" + sequence.incrementAndGet();
                senders.submit(() -> send(target, marker, measured));
            }
        }
    }

    private void send(int index, String marker, boolean measured) {
        String body = sessions.get(index).body(marker);
        Sent s = new Sent(index, System.nanoTime(), measured);
        sent.put(marker, s);
        Reply reply;
        try {
            reply = runner.post("/api/v1/callback", body);
        } catch (RuntimeException e) {
            sent.remove(marker);
            failedCallbacks.incrementAndGet();
            Bench.progress("fanout: callback failed: %s", e.getMessage());
            return;
        }
        s.answeredAt = System.nanoTime();
        if (reply.status() != 200 || reply.code() != 0) {
            sent.remove(marker);
            if (failedCallbacks.incrementAndGet() <= 5) {
                Bench.progress("fanout: callback answered %d: %s", reply.status(), reply.body());
            }
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.1f", v);
    }
}
