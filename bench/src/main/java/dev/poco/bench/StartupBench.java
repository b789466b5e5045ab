package dev.poco.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code startup}: the product as a user starts it. Runs {@code ./poco start} (its JVM options,
 * the embedded PostgreSQL, the embedded runner) in a fresh {@code POCO_HOME} and measures the time
 * until {@code /api/v1/health} answers, then the resident memory of the Poco process once it has
 * been idle, and of the PostgreSQL processes beside it.
 */
final class StartupBench {

    static final long IDLE_RSS_TARGET_MB = 300;
    private static final Duration IDLE = Duration.ofSeconds(45);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    void run(PrintStream out) throws Exception {
        Path root = Path.of(System.getProperty("poco.root", "..")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("poco-bench-startup");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("poco").toString(), "start", "--port",
                Integer.toString(port)).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("poco.log").toFile());
        builder.environment().put("POCO_HOME", home.toString());
        builder.environment().remove("DATABASE_URL");
        Bench.progress("startup: ./poco start in %s", home);
        long t0 = System.nanoTime();
        Process poco = builder.start();
        try {
            awaitHealthy(poco, port, Duration.ofMinutes(5), home);
            double startSeconds = (System.nanoTime() - t0) / 1e9;
            Bench.progress("startup: healthy after %.1f s; idling %d s before measuring memory", startSeconds,
                    IDLE.toSeconds());
            Thread.sleep(IDLE.toMillis());
            long pocoKb = rssKb(poco.pid()).orElse(-1L);
            long postgresKb = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                    .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                    .mapToLong(p -> postgresTree(p)).sum();
            Bench.section(out, "startup", "./poco start: time to healthy and idle memory",
                    "Wall time from launching ./poco start (jar already built, CLI installed, fresh POCO_HOME, so "
                            + "initdb included) until GET /api/v1/health answers 200; then VmRSS of the Poco JVM "
                            + "after " + IDLE.toSeconds() + " s idle, and the summed PSS of its PostgreSQL "
                            + "processes (shared memory split between them).");
            Table table = new Table("measured", "value", "target", "verdict");
            table.row("start to healthy", String.format("%.1f s", startSeconds), "", "");
            table.row("Poco JVM resident, idle", String.format("%d MB", pocoKb / 1024), "< " + IDLE_RSS_TARGET_MB
                    + " MB", Bench.verdict(pocoKb > 0 && pocoKb / 1024 < IDLE_RSS_TARGET_MB));
            table.row("PostgreSQL proportional (PSS), idle", String.format("%d MB", postgresKb / 1024), "", "");
            table.print(out);
        } finally {
            poco.destroy();
            if (!poco.waitFor(60, TimeUnit.SECONDS)) {
                poco.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Product.deleteQuietly(home);
        }
    }

    /** Proportional set size: shared memory split between the processes that map it, so sums are honest. */
    private static long postgresTree(ProcessHandle postmaster) {
        return pssKb(postmaster.pid()) + postmaster.children().mapToLong(c -> pssKb(c.pid())).sum();
    }

    private static long pssKb(long pid) {
        return Machine.procLine(Path.of("/proc/" + pid + "/smaps_rollup"), "Pss:").orElse(0L);
    }

    private static Optional<Long> rssKb(long pid) {
        return Machine.procLine(Path.of("/proc/" + pid + "/status"), "VmRSS:");
    }

    private static void awaitHealthy(Process poco, int port, Duration timeout, Path home) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!poco.isAlive()) {
                throw new IllegalStateException("./poco start exited with " + poco.exitValue() + ":\n"
                        + Files.readString(home.resolve("poco.log")));
            }
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("./poco start was not healthy within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
