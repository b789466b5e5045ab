package dev.poco.bench;

import dev.poco.testkit.db.TestDatabase;
import java.io.PrintStream;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code ./poco bench [name…]}: runs the named benchmarks (claim, overhead, events, memory,
 * startup; all by default) and prints a report on stdout; progress and warnings go to stderr, the
 * product's log to {@code bench.log}. The benchmarks sharing a server (claim, events, memory) run
 * first, on one Poco without a runner; overhead boots its own with the embedded runner, startup
 * runs {@code ./poco start} as a separate process.
 */
public final class Main {

    static final List<String> NAMES = List.of("claim", "overhead", "events", "memory", "startup");

    private Main() {}

    public static void main(String[] args) throws Exception {
        Set<String> chosen = choose(args);
        if (chosen == null) {
            System.err.println("usage: ./poco bench [" + String.join("|", NAMES) + "]…   (none or 'all': every benchmark)");
            exit(2);
            return;
        }
        PrintStream out = System.out;
        long started = System.nanoTime();
        Bench.progress("starting the embedded PostgreSQL; the product's log goes to %s",
                System.getProperty("bench.log", System.getProperty("java.io.tmpdir") + "/poco-bench.log"));
        String database = TestDatabase.url();
        Machine.print(out, database);
        out.println("  running:    " + String.join(", ", chosen));
        System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(Product.OVERRIDE_PREFIX))
                .sorted().forEach(n -> out.println("  override:   " + n.substring(Product.OVERRIDE_PREFIX.length()) + "="
                        + System.getProperty(n) + " (not the product's default)"));
        int failures = 0;
        boolean events = chosen.contains("events");
        boolean memory = chosen.contains("memory");
        if (chosen.contains("claim") || events || memory) {
            Bench.progress("booting Poco (runner off)");
            try (Product product = Product.boot(database, false, Map.of())) {
                if (chosen.contains("claim")) {
                    failures += attempt(out, "claim", () -> new ClaimBench(product).run(out));
                }
                if (events || memory) {
                    failures += attempt(out, events ? "events" : "memory",
                            () -> new EventsBench(product, database).run(out, events, memory));
                }
                Bench.progress("stopping Poco");
            }
        }
        if (chosen.contains("overhead")) {
            failures += attempt(out, "overhead", () -> new OverheadBench(database).run(out));
        }
        if (chosen.contains("startup")) {
            failures += attempt(out, "startup", () -> new StartupBench().run(out));
        }
        out.println();
        out.printf("Finished in %.0f s (load average now %s)%s.%n", (System.nanoTime() - started) / 1e9,
                Machine.loadAverage(),
                failures > 0 ? "; " + failures + " benchmark(s) could not run (see above)" : "");
        out.flush();
        exit(0);
    }

    /** The benchmarks named by {@code args} (names may also be comma-separated), in order; null if unknown. */
    static @Nullable Set<String> choose(String[] args) {
        Set<String> named = new LinkedHashSet<>();
        for (String arg : args) {
            for (String name : arg.split("[,\\s]+")) {
                String n = name.strip().toLowerCase(Locale.ROOT);
                if (n.isEmpty()) {
                    continue;
                }
                if (n.equals("all")) {
                    named.addAll(NAMES);
                } else if (NAMES.contains(n)) {
                    named.add(n);
                } else {
                    return null;
                }
            }
        }
        if (named.isEmpty()) {
            named.addAll(NAMES);
        }
        Set<String> ordered = new LinkedHashSet<>();
        NAMES.stream().filter(named::contains).forEach(ordered::add);
        return ordered;
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
