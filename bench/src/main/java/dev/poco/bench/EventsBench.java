package dev.poco.bench;

import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import dev.poco.testkit.http.SseClient;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;

/**
 * {@code events}: how fast a stored change reaches a browser, and how many changes the server
 * stores per second; {@code memory}: what the process holds with 200 streams open. The runner is
 * off; a "runner" is simulated by posting callbacks with the runner token.
 */
final class EventsBench {

    static final int[] SESSION_COUNTS = {1, 50, 200};
    static final int RATE = Integer.getInteger("bench.events.rate", 100);
    static final Duration WARMUP = Duration.ofSeconds(2);
    static final Duration MEASURE = Duration.ofSeconds(6);
    static final int THREADS = Integer.getInteger("bench.events.threads", 12);
    static final Duration THROUGHPUT_WARMUP = Duration.ofSeconds(3);
    static final Duration THROUGHPUT = Duration.ofSeconds(6);
    static final double TARGET_P99_MILLIS = 50;
    static final double TARGET_EVENTS_PER_SECOND = 5000;
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(10);
    /** Callbacks per request in the batched throughput run (a runner's backlog). */
    private static final int BATCH = 20;

    private record Session(String id, String bodyPrefix) {
        String body(String marker) {
            return bodyPrefix + marker + "\"}],\"model\":\"claude-fake\",\"parent_tool_use_id\":null,\"error\":null}}";
        }
    }

    /** A callback in flight: when it was sent, and where its latency goes (null: not counted). */
    private record Pending(long sentAt, @Nullable Samples samples) {}

    private record Stream(SseClient client, Thread consumer) {}

    record Memory(long heapUsed, long heapCommitted, long nonHeapUsed, long rssKb, int threads) {}

    private final Product product;
    private final String databaseUrl;
    private final Api user;
    private final Api runner;
    private final List<Session> sessions = new ArrayList<>();
    private final List<Stream> streams = new ArrayList<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong failedCallbacks = new AtomicLong();

    EventsBench(Product product, String databaseUrl) {
        this.product = product;
        this.databaseUrl = databaseUrl;
        this.user = product.user("bench-events");
        this.runner = product.runner();
    }

    /**
     * @param throughput also measure events persisted per second
     * @param memory also print the memory table
     */
    // the throughput figures are filled, and read, only when throughput is on; every count has its latency
    @SuppressWarnings("NullAway")
    void run(PrintStream out, Figures figures, boolean throughput, boolean memory) throws Exception {
        int most = SESSION_COUNTS[SESSION_COUNTS.length - 1];
        Bench.progress("events: creating %d sessions", most);
        for (int i = 0; i < most; i++) {
            // a schedule mode no runner takes: the run stays queued, callbacks find it as the session's active run
            String id = user.post("/api/v1/tasks", Map.of("prompt", "events benchmark " + i,
                    "schedule_mode", "bench-events")).ok().path("session_id").asString();
            sessions.add(new Session(id, "{\"session_id\":\"" + id + "\",\"status\":\"running\",\"progress\":50,"
                    + "\"new_message\":{\"_type\":\"AssistantMessage\",\"content\":[{\"_type\":\"TextBlock\",\"text\":\""));
        }
        // the first callback of a session also marks its run and session running; keep that out of the figures
        try (ExecutorService first = Executors.newFixedThreadPool(4)) {
            for (Session s : sessions) {
                first.submit(() -> send(s, "first-" + s.id(), null));
            }
        }
        Memory idle = memory();

        Map<Integer, Samples> latency = new LinkedHashMap<>();
        Map<Integer, Long> lost = new LinkedHashMap<>();
        for (int count : SESSION_COUNTS) {
            openStreams(count);
            List<Session> targets = sessions.subList(0, count);
            Bench.progress("events: %d streams, %d callbacks/s, %d s warm-up + %d s measured", count, RATE,
                    WARMUP.toSeconds(), MEASURE.toSeconds());
            paced(targets, WARMUP, null);
            Samples samples = new Samples();
            paced(targets, MEASURE, samples);
            latency.put(count, samples);
            lost.put(count, awaitArrivals());
        }
        Memory loaded = memory();

        Throughput withStreams = null;
        Throughput withoutStreams = null;
        Throughput health = null;
        Throughput batched = null;
        if (throughput) {
            Bench.progress("events: throughput, %d threads, %d streams open", THREADS, streams.size());
            withStreams = throughput();
        }
        int open = streams.size();
        closeStreams();
        if (throughput) {
            Bench.progress("events: throughput, %d threads, no streams", THREADS);
            withoutStreams = throughput();
            Bench.progress("events: throughput, %d threads, batches of %d, no streams", THREADS, BATCH);
            batched = batchedThroughput();
            Bench.progress("events: reference load, %d threads, GET /api/v1/callback/health", THREADS);
            health = healthThroughput();
        }

        Samples at200 = latency.get(most);
        double p99 = at200.percentileMillis(0.99);
        Bench.section(out, "events", "event latency and throughput (runner off)",
                "Latency: with N sessions each followed by one SseClient on GET /api/v1/sessions/{id}/events?after=<current>, "
                        + RATE + " callbacks/s (POST /api/v1/callback with the runner token, status running, an "
                        + "AssistantMessage whose TextBlock carries a unique marker) go out open-loop, round-robin over "
                        + "the N sessions, for " + MEASURE.toSeconds() + " s after " + WARMUP.toSeconds() + " s of "
                        + "warm-up; we time from just before each callback is sent to the arrival of its message.created "
                        + "event at the client. Throughput: " + THREADS + " client threads post such callbacks back to "
                        + "back over " + most + " sessions for " + THROUGHPUT.toSeconds() + " s (after "
                        + THROUGHPUT_WARMUP.toSeconds() + " s of warm-up), one per request and then " + BATCH + " per POST "
                        + "/api/v1/callbacks (how a runner sends a backlog), counting rows of session_events over JDBC; "
                        + "the same load on GET /api/v1/callback/health shows what the HTTP stack alone allows here.");
        Table table = new Table(Table.LATENCY);
        for (int count : SESSION_COUNTS) {
            String target = count == most ? "p99 < " + (int) TARGET_P99_MILLIS + " ms: "
                    + Bench.verdict(p99 < TARGET_P99_MILLIS) : "";
            table.latency("callback sent -> message.created at client, " + count + " stream" + (count == 1 ? "" : "s"),
                    latency.get(count), target);
        }
        table.print(out);
        figures.latency("events: callback -> SSE event, " + most + " streams", at200,
                "runner callback POST sent -> its message.created event read from the session's SSE stream");
        long lostTotal = lost.values().stream().mapToLong(Long::longValue).sum();
        if (lostTotal > 0 || failedCallbacks.get() > 0) {
            out.println("  " + failedCallbacks.get() + " callbacks failed; events that never arrived within "
                    + ARRIVAL_TIMEOUT.toSeconds() + " s: " + lost);
        }
        if (throughput) {
            out.println();
            Table rates = new Table("measured", "threads", "seconds", "requests", "requests/s", "events stored",
                    "events/s", "target");
            rates.row("callbacks, " + open + " streams open", Integer.toString(THREADS),
                    String.format("%.1f", withStreams.seconds()), Long.toString(withStreams.requests()),
                    String.format("%.0f", withStreams.requestsPerSecond()), Long.toString(withStreams.events()),
                    String.format("%.0f", withStreams.perSecond()), "");
            rates.row("callbacks, no streams", Integer.toString(THREADS),
                    String.format("%.1f", withoutStreams.seconds()), Long.toString(withoutStreams.requests()),
                    String.format("%.0f", withoutStreams.requestsPerSecond()), Long.toString(withoutStreams.events()),
                    String.format("%.0f", withoutStreams.perSecond()),
                    ">= " + (int) TARGET_EVENTS_PER_SECOND + " events/s: "
                            + Bench.verdict(withoutStreams.perSecond() >= TARGET_EVENTS_PER_SECOND));
            rates.row("callbacks in batches of " + BATCH + " (POST /callbacks), no streams", Integer.toString(THREADS),
                    String.format("%.1f", batched.seconds()), Long.toString(batched.requests()),
                    String.format("%.0f", batched.requestsPerSecond()), Long.toString(batched.events()),
                    String.format("%.0f", batched.perSecond()),
                    ">= " + (int) TARGET_EVENTS_PER_SECOND + " events/s: "
                            + Bench.verdict(batched.perSecond() >= TARGET_EVENTS_PER_SECOND));
            rates.row("reference: GET /api/v1/callback/health", Integer.toString(THREADS),
                    String.format("%.1f", health.seconds()), Long.toString(health.requests()),
                    String.format("%.0f", health.requestsPerSecond()), "-", "-", "");
            rates.print(out);
            figures.value("events: stored per second, one per request", String.format("%.0f/s",
                    withoutStreams.perSecond()), Long.toString(withoutStreams.events()), THREADS
                    + " threads posting POST /api/v1/callback back to back; rows added to session_events / s");
            figures.value("events: stored per second, batches of " + BATCH, String.format("%.0f/s",
                    batched.perSecond()), Long.toString(batched.events()), THREADS
                    + " threads posting POST /api/v1/callbacks back to back; rows added to session_events / s");
            out.println("  callbacks, " + open + " streams open: " + withStreams.cpu());
            out.println("  callbacks, no streams:      " + withoutStreams.cpu());
            out.println("  batches of " + BATCH + ":              " + batched.cpu().replace("per callback", "per batch"));
            out.println("  health (no database):       " + health.cpu().replace("per callback", "per request"));
        }
        if (memory) {
            Bench.section(out, "memory", "JVM heap and process RSS",
                    "Heap used after System.gc() (MemoryMXBean) and VmRSS of /proc/self/status, once after boot and "
                            + "warm-up with no streams, once with the " + most + " session streams of the events "
                            + "benchmark open; the benchmark's own clients live in the same JVM, PostgreSQL does not.");
            Table table2 = new Table("state", "heap used", "heap committed", "non-heap used", "RSS", "platform threads");
            table2.row("booted, warmed up, no streams", mb(idle.heapUsed()), mb(idle.heapCommitted()),
                    mb(idle.nonHeapUsed()), mb(idle.rssKb() * 1024), Integer.toString(idle.threads()));
            table2.row(most + " session streams open", mb(loaded.heapUsed()), mb(loaded.heapCommitted()),
                    mb(loaded.nonHeapUsed()), mb(loaded.rssKb() * 1024), Integer.toString(loaded.threads()));
            table2.row("difference per stream", kb((loaded.heapUsed() - idle.heapUsed()) / most), "", "",
                    kb((loaded.rssKb() - idle.rssKb()) * 1024 / most), "");
            table2.print(out);
        }
    }

    // ---- streams ---------------------------------------------------------------------------

    private void openStreams(int count) throws Exception {
        while (streams.size() < count) {
            Session s = sessions.get(streams.size());
            Reply current = user.get("/api/v1/sessions/" + s.id() + "/messages-with-files");
            String after = current.header("X-Last-Event-ID");
            SseClient client = SseClient.open(product.base() + "/api/v1/sessions/" + s.id() + "/events?after="
                    + (after == null ? "0" : after), user.headers());
            if (client.status() != 200) {
                throw new IllegalStateException("event stream of " + s.id() + " answered " + client.status());
            }
            Thread consumer = Thread.ofVirtual().name("bench-sse-" + streams.size()).start(() -> consume(client));
            streams.add(new Stream(client, consumer));
        }
    }

    private void consume(SseClient client) {
        try {
            while (!stopping.get()) {
                SseClient.Event event = client.next(Duration.ofMillis(500));
                if (event == null || !"message.created".equals(event.type())) {
                    continue;
                }
                long now = System.nanoTime();
                String marker = event.data().path("payload").path("content").path("content").path(0).path("text")
                        .asString("");
                Pending p = pending.remove(marker);
                if (p != null && p.samples() != null) {
                    p.samples().add(now - p.sentAt());
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

    /** Waits until every marked callback's event arrived (or the timeout); returns how many did not. */
    private long awaitArrivals() throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (pending.values().stream().noneMatch(p -> p.samples() != null)) {
                break;
            }
            Thread.sleep(20);
        }
        long missing = pending.values().stream().filter(p -> p.samples() != null).count();
        pending.clear();
        return missing;
    }

    // ---- load ------------------------------------------------------------------------------

    /** Sends {@link #RATE} callbacks a second, open-loop, round-robin over {@code targets}. */
    private void paced(List<Session> targets, Duration duration, @Nullable Samples samples) {
        long interval = 1_000_000_000L / RATE;
        long total = duration.toSeconds() * RATE;
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            for (long k = 0; k < total; k++) {
                long due = start + k * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                Session s = targets.get((int) (k % targets.size()));
                String marker = "m" + sequence.incrementAndGet();
                senders.submit(() -> send(s, marker, samples));
            }
        }
    }

    private void send(Session session, String marker, @Nullable Samples samples) {
        String body = session.body(marker);
        long sentAt = System.nanoTime();
        pending.put(marker, new Pending(sentAt, samples));
        Reply reply;
        try {
            reply = runner.post("/api/v1/callback", body);
        } catch (RuntimeException e) {
            pending.remove(marker);
            failedCallbacks.incrementAndGet();
            Bench.progress("callback failed: %s", e.getMessage());
            return;
        }
        if (reply.status() != 200 || reply.code() != 0) {
            pending.remove(marker);
            if (failedCallbacks.incrementAndGet() <= 5) {
                Bench.progress("callback answered %d: %s", reply.status(), reply.body());
            }
        }
    }

    record Throughput(double seconds, long requests, long events, String cpu) {
        double perSecond() {
            return events / seconds;
        }

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    /** {@link #THREADS} threads posting callbacks back to back; events counted in session_events. */
    private Throughput throughput() throws Exception {
        return throughput(k -> {
            Session s = sessions.get((int) (k % sessions.size()));
            return runner.post("/api/v1/callback", s.body("t" + sequence.incrementAndGet()));
        });
    }

    /**
     * Callbacks as a runner sends a backlog: {@link #BATCH} per {@code POST /api/v1/callbacks},
     * all for one session, in one request and one transaction.
     */
    private Throughput batchedThroughput() throws Exception {
        return throughput(k -> {
            Session s = sessions.get((int) (k % sessions.size()));
            StringBuilder body = new StringBuilder("{\"callbacks\":[");
            for (int i = 0; i < BATCH; i++) {
                body.append(i == 0 ? "" : ",").append(s.body("b" + sequence.incrementAndGet()));
            }
            return runner.post("/api/v1/callbacks", body.append("]}").toString());
        });
    }

    /** The same load on an endpoint that touches no database: the HTTP stack's own ceiling here. */
    private Throughput healthThroughput() throws Exception {
        return throughput(k -> runner.get("/api/v1/callback/health"));
    }

    private Throughput throughput(LongFunction<Reply> request) throws Exception {
        load(THROUGHPUT_WARMUP, request);
        long before = countEvents();
        Cpu cpu = Cpu.now();
        long start = System.nanoTime();
        long requests = load(THROUGHPUT, request);
        long end = System.nanoTime();
        String used = Cpu.now().perOperation(cpu, Math.max(1, requests));
        long after = countEvents();
        return new Throughput((end - start) / 1e9, requests, after - before, used);
    }

    private long load(Duration duration, LongFunction<Reply> request) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int offset = t;
            threads.add(Thread.ofPlatform().name("bench-load-" + t).start(() -> {
                for (long k = offset; !stop.get(); k += THREADS) {
                    Reply reply = request.apply(k);
                    if (reply.status() == 200) {
                        done.incrementAndGet();
                    } else {
                        failedCallbacks.incrementAndGet();
                    }
                }
            }));
        }
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return done.get();
    }

    private long countEvents() throws Exception {
        try (Connection c = Machine.connect(databaseUrl); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM session_events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- memory ----------------------------------------------------------------------------

    static Memory memory() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        long rss = Machine.procLine(Path.of("/proc/self/status"), "VmRSS:").orElse(-1L);
        return new Memory(heap.getUsed(), heap.getCommitted(), nonHeap.getUsed(), rss,
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    private static String mb(long bytes) {
        return String.format("%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String kb(long bytes) {
        return String.format("%.1f KB", bytes / 1024.0);
    }
}
