package dev.poco.bench;

import dev.poco.testkit.db.TestDatabase;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./poco bench [name…]}: runs the named benchmarks and prints a report on stdout: a header
 * (machine, CLI version, mode), then one table with a line per figure; progress and warnings go
 * to stderr. The default (or {@code all}) is bundle, floor, path, stream, wave, claim, events, memory, egress,
 * search, im, fanout and claim4;
 * {@code startup} is the server footprint alone, {@code hot-idle [N]} runs only when named.
 *
 * <p>bundle weighs the built web UI ({@link BundleBench}); floor runs the bare CLI; path, stream, wave and startup share one {@code ./poco start} (see
 * {@link PocoServer}); hot-idle starts one of its own; claim, events and memory boot the product
 * in this JVM with the runner off (they time the server alone); so does search, over a seeded history, and im, with
 * its Telegram bot pointed at a fake Bot API; fanout and claim4 start {@code ./poco start} with
 * {@code POCO_ROLE=server} on the benchmark's PostgreSQL (claim4 a second such replica too) and load it over HTTP.
 */
public final class Main {

    static final List<String> NAMES = List.of("bundle", "floor", "path", "stream", "wave", "claim", "events",
            "memory", "egress", "search", "im", "fanout", "claim4", "startup", "hot-idle");
    /** What {@code all} (and no name) runs. */
    static final List<String> DEFAULT = List.of("bundle", "floor", "path", "stream", "wave", "claim", "events",
            "memory", "egress", "search", "im", "fanout", "claim4");

    /** The benchmarks chosen, in run order, and the session count of hot-idle. */
    record Selection(Set<String> names, int hotIdleCount) {}

    private Main() {}

    public static void main(String[] args) throws Exception {
        Selection chosen = choose(args);
        if (chosen == null) {
            System.err.println("usage: ./poco bench [" + String.join("|", NAMES) + "]… [hot-idle N]"
                    + "   (none or 'all': " + String.join(", ", DEFAULT) + ")");
            exit(2);
            return;
        }
        Set<String> names = chosen.names();
        PrintStream out = System.out;
        long started = System.nanoTime();
        boolean inProcess = names.contains("claim") || names.contains("events") || names.contains("memory")
                || names.contains("search");
        String database = null;
        boolean scale = names.contains("fanout") || names.contains("claim4");
        if (inProcess || names.contains("im") || scale) {
            Bench.progress("starting the embedded PostgreSQL; the product's log goes to %s",
                    System.getProperty("bench.log", System.getProperty("java.io.tmpdir") + "/poco-bench.log"));
            database = TestDatabase.url();
        }
        Map<String, String> serverSettings = serverSettings(names, chosen.hotIdleCount());
        Machine.print(out, database);
        out.println("  CLI:        " + BareCli.version(BareCli.locate()) + " (" + BareCli.locate() + ")");
        if (names.stream().anyMatch(List.of("floor", "path", "stream", "wave", "startup", "hot-idle")::contains)) {
            out.println("  mode:       real CLI through ./poco start, sandbox driver "
                    + serverSettings.getOrDefault("POCO_SANDBOX_DRIVER", "bubblewrap (default)")
                    + ", fake model (poco-testkit's FakeAnthropicServer on 127.0.0.1; text answers at once)");
        } else {
            out.println("  mode:       no CLI and no sandbox run by these benchmarks (the server alone, loaded over HTTP"
                    + " by simulated browsers and runners)");
        }
        out.println("  server env: " + (serverSettings.isEmpty() ? "product defaults"
                : serverSettings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "))));
        out.println("  running:    " + String.join(", ", names)
                + (names.contains("hot-idle") ? " (hot-idle: " + chosen.hotIdleCount() + " sessions)" : ""));
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(Product.OVERRIDE_PREFIX))
                .sorted().forEach(n -> out.println("  override:   " + n.substring(Product.OVERRIDE_PREFIX.length()) + "="
                        + System.getProperty(n) + " (in-process benchmarks; not the product's default)"));
        Figures figures = new Figures();
        int failures = 0;
        if (names.contains("bundle")) {
            failures += attempt(out, "bundle", () -> new BundleBench().run(out, figures));
        }
        try (FakeModel model = new FakeModel()) {
            if (names.contains("floor")) {
                failures += attempt(out, "floor", () -> new FloorBench().run(model, figures));
            }
            if (names.contains("path") || names.contains("stream") || names.contains("wave")
                    || names.contains("startup")) {
                failures += attempt(out, "server", () -> {
                    Bench.progress("starting ./poco start");
                    try (PocoServer server = PocoServer.start(model.baseUrl(), serverSettings)) {
                        Footprint.measure(server, figures);
                        if (names.contains("path")) {
                            new PathBench(model, server).run(figures);
                        }
                        if (names.contains("stream")) {
                            new StreamBench(model, server).run(figures);
                            new ScreenBench(model, server).run(figures);
                        }
                        if (names.contains("wave")) {
                            new WaveBench(model, server).run(figures);
                        }
                        Bench.progress("stopping ./poco start");
                    }
                });
            }
            if (scale && database != null) {
                String db = database;
                failures += attempt(out, "fanout/claim4", () -> scale(out, figures, model, serverSettings, db, names));
            }
            if (names.contains("hot-idle")) {
                failures += attempt(out, "hot-idle", () -> {
                    Bench.progress("starting ./poco start for hot-idle");
                    try (PocoServer server = PocoServer.start(model.baseUrl(), serverSettings)) {
                        new HotIdleBench(model, server, chosen.hotIdleCount()).run(figures);
                    }
                });
            }
        }
        if (names.contains("egress")) {
            failures += attempt(out, "egress", () -> new EgressBench().run(out, figures));
        }
        if (inProcess && database != null) {
            String db = database;
            Bench.progress("booting Poco in this JVM (runner off)");
            try (Product product = Product.boot(db, false, Map.of())) {
                if (names.contains("claim")) {
                    failures += attempt(out, "claim", () -> new ClaimBench(product).run(out, figures));
                }
                if (names.contains("events") || names.contains("memory")) {
                    failures += attempt(out, "events", () -> new EventsBench(product, db)
                            .run(out, figures, names.contains("events"), names.contains("memory")));
                }
                if (names.contains("search")) {
                    failures += attempt(out, "search", () -> new SearchBench(product, db).run(out, figures));
                }
                Bench.progress("stopping Poco");
            }
        }
        if (names.contains("im") && database != null) {
            String db = database;
            Bench.progress("booting Poco with a fake Telegram (runner off)");
            failures += attempt(out, "im", () -> new ImBench(db).run(out, figures));
        }
        out.println();
        out.println("== Figures (absolute; p50 is the median; N counts measured samples, warm-ups excluded) ==");
        Samples headline = figures.samples(PathBench.HEADLINE);
        if (headline.size() > 0) {
            out.println("HEADLINE: " + PathBench.HEADLINE + " (POST /api/v1/tasks -> the CLI's first model request): p50 "
                    + Samples.ms(headline.medianMillis()) + ", p99 " + Samples.ms(headline.percentileMillis(0.99))
                    + ", N=" + headline.size() + " (target p50 < 150 ms: "
                    + Bench.verdict(headline.medianMillis() < 150) + ")");
            Samples floor = figures.samples(FloorBench.WARMED_TO_MODEL);
            if (floor.size() > 0) {
                out.println("  derived, not a measurement: Poco's share = headline p50 - (" + FloorBench.WARMED_TO_MODEL
                        + ") p50 = " + Samples.ms(headline.medianMillis() - floor.medianMillis()));
            }
        }
        Samples firstToken = figures.samples(StreamBench.HEADLINE);
        if (firstToken.size() > 0) {
            out.println("FIRST TOKEN: " + StreamBench.HEADLINE + ": p50 " + Samples.ms(firstToken.medianMillis())
                    + ", p95 " + Samples.ms(firstToken.percentileMillis(0.95)) + ", p99 "
                    + Samples.ms(firstToken.percentileMillis(0.99)) + ", N=" + firstToken.size()
                    + " (target p50 < 100 ms: " + Bench.verdict(firstToken.medianMillis() < 100) + ")");
        }
        Samples onScreen = figures.samples(ScreenBench.HEADLINE);
        if (onScreen.size() > 0) {
            out.println("FIRST TOKEN ON SCREEN: " + ScreenBench.HEADLINE + ": p50 " + Samples.ms(onScreen.medianMillis())
                    + ", p99 " + Samples.ms(onScreen.percentileMillis(0.99)) + ", N=" + onScreen.size()
                    + " (target p50 < 100 ms: " + Bench.verdict(onScreen.medianMillis() < 100) + ")");
        }
        figures.print(out);
        out.println();
        out.printf("Finished in %.0f s (load average now %s)%s.%n", (System.nanoTime() - started) / 1e9,
                Machine.loadAverage(),
                failures > 0 ? "; " + failures + " benchmark(s) could not run (see above)" : "");
        out.flush();
        exit(0);
    }

    /**
     * fanout and claim4: replicas as {@code ./poco start} runs them with {@code POCO_ROLE=server} (no runner, so
     * nothing but the benchmark claims), on a fresh database of the benchmark's PostgreSQL, with a known
     * {@code INTERNAL_API_TOKEN} for the simulated runners; claim4 also with a second replica on that database
     * ({@code -Dbench.claim4.replicas=1} skips it).
     */
    private static void scale(PrintStream out, Figures figures, FakeModel model, Map<String, String> settings,
            String database, Set<String> names) throws Exception {
        String token = "bench-" + java.util.UUID.randomUUID();
        Map<String, String> env = new LinkedHashMap<>(settings);
        env.put("POCO_ROLE", "server");
        env.put("DATABASE_URL", TestDatabase.freshDatabase("poco_bench_scale"));
        env.put("INTERNAL_API_TOKEN", token);
        Bench.progress("starting ./poco start (POCO_ROLE=server) on the benchmark's PostgreSQL");
        try (PocoServer a = PocoServer.start(model.baseUrl(), env)) {
            Bench.progress("replica A healthy after %.1f s", a.startSeconds());
            if (names.contains("fanout")) {
                new FanoutBench(a, token).run(out, figures);
            }
            if (names.contains("claim4")) {
                Claim4Bench claims = new Claim4Bench(a.user());
                Claim4Bench.Replica first = new Claim4Bench.Replica("A", runnerApi(a, token));
                if (Integer.getInteger("bench.claim4.replicas", 2) >= 2) {
                    Bench.progress("starting replica B (./poco start, POCO_ROLE=server) on the same database");
                    try (PocoServer b = PocoServer.start(model.baseUrl(), env)) {
                        Bench.progress("replica B healthy after %.1f s", b.startSeconds());
                        claims.run(out, figures, List.of(List.of(first),
                                List.of(first, new Claim4Bench.Replica("B", runnerApi(b, token)))),
                                "With 2 replicas, claimers 0 and 2 go to replica A, 1 and 3 to replica B (two ./poco "
                                        + "start processes on one database, on the same 2 cores as everything else).");
                    }
                } else {
                    claims.run(out, figures, List.of(List.of(first)), "One replica only (-Dbench.claim4.replicas=1).");
                }
            }
            Bench.progress("stopping the replicas");
        }
    }

    private static dev.poco.testkit.http.Api runnerApi(PocoServer server, String token) {
        return new dev.poco.testkit.http.Api(server.base(), Map.of("X-Internal-Token", token));
    }

    /**
     * The environment the benchmark's {@code ./poco start} gets beyond its home, port and fake
     * model: the developer's POCO_* settings, and for the wave a runner allowed to run all its
     * tasks at once (unless set), so the figures show the host, not a fixed cap; for hot-idle one
     * allowed to keep the N sessions it measures (the default keeps 16).
     */
    static Map<String, String> serverSettings(Set<String> names, int hotIdle) {
        Map<String, String> settings = new LinkedHashMap<>();
        System.getenv().entrySet().stream().filter(e -> e.getKey().startsWith("POCO_"))
                .filter(e -> !PocoServer.OWN_SETTINGS.contains(e.getKey())).sorted(Map.Entry.comparingByKey())
                .forEach(e -> settings.put(e.getKey(), e.getValue()));
        if ((names.contains("wave") || names.contains("hot-idle"))
                && !settings.containsKey("POCO_RUNNER_MAX_CONCURRENT_RUNS")) {
            settings.put("POCO_RUNNER_MAX_CONCURRENT_RUNS", Integer.toString(WaveBench.TASKS));
        }
        if (names.contains("hot-idle") && !settings.containsKey("POCO_RUNNER_HOT_SESSIONS_MAX")) {
            // the runner keeps 16 by default; the figure is about holding N
            settings.put("POCO_RUNNER_HOT_SESSIONS_MAX", Integer.toString(hotIdle));
        }
        return settings;
    }

    /** The benchmarks named by {@code args} (names may also be comma-separated), in run order; null if unknown. */
    static @Nullable Selection choose(String[] args) {
        Set<String> named = new LinkedHashSet<>();
        int hotIdle = HotIdleBench.DEFAULT_COUNT;
        String previous = "";
        for (String arg : args) {
            for (String name : arg.split("[,\\s]+")) {
                String n = name.strip().toLowerCase(Locale.ROOT);
                if (n.isEmpty()) {
                    continue;
                }
                if (n.matches("\\d+") && previous.equals("hot-idle")) {
                    hotIdle = Integer.parseInt(n);
                    if (hotIdle < 1 || hotIdle > 1000) {
                        return null;
                    }
                } else if (n.equals("all")) {
                    named.addAll(DEFAULT);
                } else if (NAMES.contains(n)) {
                    named.add(n);
                } else {
                    return null;
                }
                previous = n;
            }
        }
        if (named.isEmpty()) {
            named.addAll(DEFAULT);
        }
        Set<String> ordered = new LinkedHashSet<>();
        NAMES.stream().filter(named::contains).forEach(ordered::add);
        return new Selection(ordered, hotIdle);
    }

    interface Body {
        void run() throws Exception;
    }

    private static int attempt(PrintStream out, String name, Body body) {
        try {
            body.run();
            return 0;
        } catch (Exception | AssertionError e) {
            out.println();
            out.println("== " + name + ": could not run: " + e + " ==");
            e.printStackTrace();
            return 1;
        }
    }

    /** Ends a forked benchmark JVM (stray non-daemon threads must not keep it alive); returns under exec:java. */
    private static void exit(int status) {
        if (Boolean.getBoolean("bench.fork")) {
            System.exit(status);
        }
    }
}
