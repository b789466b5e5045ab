package dev.poco.bench;

import dev.poco.testkit.http.Api;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Poco as a user starts it: {@code ./poco start} (its JVM options, the embedded PostgreSQL, the
 * embedded runner with the bubblewrap sandbox and the pinned CLI) as a process of its own, in a
 * fresh {@code POCO_HOME}, in single-user mode, its model gateway pointed at the benchmark's fake
 * model. Only its HTTP API and its processes are looked at, so the figures hold whatever the
 * runner does inside.
 */
final class PocoServer implements AutoCloseable {

    /** Settings this class decides (home, port, database, auth, model), not taken from the caller's environment. */
    static final Set<String> OWN_SETTINGS = Set.of("POCO_HOME", "POCO_ROLE", "POCO_AUTH_MODE", "POCO_ALLOWED_HOSTS",
            "POCO_PUBLIC_URL", "POCO_CLAUDE_BIN");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path home;
    private final String base;
    private final double startSeconds;

    private PocoServer(Process process, Path home, String base, double startSeconds) {
        this.process = process;
        this.home = home;
        this.base = base;
        this.startSeconds = startSeconds;
    }

    /**
     * Starts {@code ./poco start} and returns once {@code GET /api/v1/health} answers 200.
     *
     * @param modelBaseUrl where the model gateway forwards (the fake model)
     * @param settings more environment variables (each a documented Poco setting)
     */
    static PocoServer start(String modelBaseUrl, Map<String, String> settings) throws Exception {
        Path root = Path.of(System.getProperty("poco.root", "..")).toAbsolutePath().normalize();
        Path home = Files.createTempDirectory("poco-bench-home");
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(root.resolve("poco").toString(), "start", "--port",
                Integer.toString(port)).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("poco.log").toFile());
        Map<String, String> env = builder.environment();
        // the server's own database, home and model; the caller's other POCO_* settings come in as `settings`
        env.keySet().removeIf(k -> k.startsWith("POCO_") && !k.equals("POCO_CLAUDE_BIN") || k.equals("DATABASE_URL")
                || k.startsWith("ANTHROPIC_") || k.equals("PORT") || k.equals("HOST"));
        env.put("POCO_HOME", home.toString());
        env.put("ANTHROPIC_BASE_URL", modelBaseUrl);
        env.put("ANTHROPIC_API_KEY", "sk-ant-bench-fake");
        env.putAll(settings);
        long t0 = System.nanoTime();
        Process process = builder.start();
        String base = "http://127.0.0.1:" + port;
        try {
            awaitHealthy(process, base, Duration.ofMinutes(5), home);
        } catch (Exception | Error e) {
            stop(process);
            Product.deleteQuietly(home);
            throw e;
        }
        return new PocoServer(process, home, base, (System.nanoTime() - t0) / 1e9);
    }

    /** {@code ./poco start} launch -> first 200 from {@code /api/v1/health}, in seconds. */
    double startSeconds() {
        return startSeconds;
    }

    /** The server's JVM ({@code ./poco start} execs java, so it is the process started). */
    long pid() {
        return process.pid();
    }

    Path home() {
        return home;
    }

    String base() {
        return base;
    }

    /** The single user's client (single-user mode: no header needed). */
    Api user() {
        return new Api(base, Map.of());
    }

    /** Summed PSS in kB of the embedded PostgreSQL's processes (they live under this server's home). */
    long postgresPssKb() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                .mapToLong(p -> ProcTree.pssKb(p.pid()) + p.children().mapToLong(c -> ProcTree.pssKb(c.pid())).sum())
                .sum();
    }

    /** Stops the server and deletes its home, keeping its log as {@code poco-server.log} beside the bench's own. */
    @Override
    public void close() {
        stop(process);
        try {
            Path kept = Path.of(System.getProperty("bench.log", System.getProperty("java.io.tmpdir") + "/poco-bench.log"))
                    .resolveSibling("poco-server.log");
            Files.copy(home.resolve("poco.log"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Bench.progress("could not keep the server's log: %s", e);
        }
        Product.deleteQuietly(home);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitHealthy(Process poco, String base, Duration timeout, Path home) throws Exception {
        HttpRequest health = HttpRequest.newBuilder(URI.create(base + "/api/v1/health"))
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
            Thread.sleep(50);
        }
        throw new IllegalStateException("./poco start was not healthy within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
