package dev.poco.app.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Poco as a real operating-system process (the packaged jar, or the {@code ./poco} launcher),
 * with its own {@code POCO_HOME} and port. Output goes to a log file in the home, shown when a
 * start fails.
 */
public final class PocoProcess implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("poco.root", "..")).toAbsolutePath().normalize();
    public static final Path JAR = ROOT.resolve("poco-app/target/poco-exec.jar");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private PocoProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code command} with POCO_HOME, PORT and the extra environment; waits until healthy. */
    public static PocoProcess start(List<String> command, Path home, int port, Map<String, String> env,
            Duration timeout) throws IOException, InterruptedException {
        PocoProcess poco = launch(command, home, port, env);
        poco.awaitHealthy(timeout);
        return poco;
    }

    /** Starts {@code command} and waits until its output contains {@code line} (for a runner, which has no HTTP). */
    public static PocoProcess startUntil(List<String> command, Path home, Map<String, String> env, String line,
            Duration timeout) throws IOException, InterruptedException {
        PocoProcess poco = launch(command, home, 0, env);
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200))
                    .until(() -> poco.output().contains(line) || !poco.process.isAlive());
        } catch (ConditionTimeoutException e) {
            // reported below with the output
        }
        if (!poco.output().contains(line)) {
            poco.close();
            throw new IllegalStateException("\"" + line + "\" did not appear:\n" + poco.output());
        }
        return poco;
    }

    private static PocoProcess launch(List<String> command, Path home, int port, Map<String, String> env)
            throws IOException {
        Files.createDirectories(home);
        Path log = home.resolve("process-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("DATABASE_URL");
        builder.environment().put("POCO_HOME", home.toString());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().putAll(env);
        return new PocoProcess(builder.start(), port, log);
    }

    /** Kills the process and everything it started at once (SIGKILL), as a crash or OOM kill would. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Path of the Claude Code binary the tests use: POCO_CLAUDE_BIN, or the pinned install in ~/.poco. */
    public static String claudeBinary() {
        String env = System.getenv("POCO_CLAUDE_BIN");
        if (env != null && !env.isBlank()) {
            return env;
        }
        String arch = System.getProperty("os.arch").contains("aarch64") ? "arm64" : "x64";
        return Path.of(System.getProperty("user.home"), ".poco/runtime/claude-code-2.1.197/node_modules/@anthropic-ai",
                "claude-code-linux-" + arch, "claude").toString();
    }

    public static List<String> jarCommand() {
        String java = ProcessHandle.current().info().command().orElse("java");
        return List.of(java, "-jar", JAR.toString());
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private boolean healthy() throws InterruptedException {
        try {
            return get("/api/v1/health").statusCode() == 200;
        } catch (IOException notYet) {
            return false; // not listening yet
        }
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .until(() -> !process.isAlive() || healthy());
        } catch (ConditionTimeoutException e) {
            // reported below with the output
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("Poco exited with " + process.exitValue() + ":\n" + output());
        }
        if (healthy()) {
            return;
        }
        close();
        throw new IllegalStateException("Poco did not answer /api/v1/health within " + timeout + ":\n" + output());
    }

    /**
     * Stops the process as a service manager would (SIGTERM to Poco itself; its sandboxes run in
     * their own sessions), then kills it and anything left after 30 s.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
