package dev.poco.bench;

import dev.poco.testkit.http.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pinned Claude Code CLI started directly, not through Poco: no server, runner, sandbox or
 * gateway. Spoken to over its process boundary only, as an SDK does ({@code -p} with stream-json
 * in and out, {@code initialize} first, then user messages on stdin, each ending with a
 * {@code result} line), with the argv and environment the runner gives it.
 */
final class BareCli implements AutoCloseable {

    static final String MODEL = "claude-sonnet-4-6";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final OutputStream stdin;
    private final Instant started;
    private final CompletableFuture<Instant> initialized = new CompletableFuture<>();
    private final CompletableFuture<Instant> contextUsage = new CompletableFuture<>();
    private final BlockingQueue<JsonNode> results = new LinkedBlockingQueue<>();

    private BareCli(Process process, Instant started) {
        this.process = process;
        this.started = started;
        this.stdin = process.getOutputStream();
        Thread.ofVirtual().name("bench-cli-" + process.pid()).start(this::read);
    }

    /** Starts the CLI in {@code dir} (a fresh git repository as its cwd and a fresh HOME beside it). */
    static BareCli start(Path claude, String modelBaseUrl, Path dir) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path cwd = Files.createDirectories(dir.resolve("workspace"));
        git(cwd, "init", "-q", "-b", "main");
        git(cwd, "-c", "user.name=poco", "-c", "user.email=poco@localhost", "commit", "-q", "--allow-empty", "-m",
                "base");
        ProcessBuilder builder = new ProcessBuilder(claude.toString(), "-p", "--input-format", "stream-json",
                "--output-format", "stream-json", "--verbose", "--permission-prompt-tool", "stdio",
                "--permission-mode", "default", "--model", MODEL)
                .directory(cwd.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("DISABLE_TELEMETRY", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("CLAUDE_CODE_ENABLE_TASKS", "0");
        env.put("IS_SANDBOX", "1");
        env.put("ANTHROPIC_BASE_URL", modelBaseUrl);
        env.put("ANTHROPIC_API_KEY", "sk-ant-bench-fake");
        Instant started = Instant.now();
        return new BareCli(builder.start(), started);
    }

    /** When {@link ProcessBuilder#start()} was called. */
    Instant started() {
        return started;
    }

    /** Sends {@code initialize}; {@link #awaitInitialized()} tells when it was answered. */
    void initialize() throws IOException {
        ObjectNode request = Api.JSON.createObjectNode().put("subtype", "initialize").putNull("hooks");
        write(Api.JSON.createObjectNode().put("type", "control_request").put("request_id", "init")
                .set("request", request));
    }

    Instant awaitInitialized() throws Exception {
        return initialized.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks {@code get_context_usage} and waits for the answer: the CLI prepares its first turn, as a CLI of Poco's warm
     * pool does before a run takes it (its token counts go to the fake model here).
     */
    void contextUsage() throws Exception {
        write(Api.JSON.createObjectNode().put("type", "control_request").put("request_id", "usage")
                .set("request", Api.JSON.createObjectNode().put("subtype", "get_context_usage")));
        contextUsage.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Writes a user message; returns when it was written. */
    Instant send(String prompt) throws IOException {
        ObjectNode line = Api.JSON.createObjectNode().put("type", "user");
        line.set("message", Api.JSON.createObjectNode().put("role", "user").put("content", prompt));
        line.putNull("parent_tool_use_id");
        line.put("session_id", "");
        return write(line);
    }

    /** Waits for the {@code result} line that ends the current turn. */
    JsonNode awaitResult() throws InterruptedException {
        JsonNode result = results.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (result == null) {
            throw new IllegalStateException("the CLI gave no result within " + TIMEOUT);
        }
        return result;
    }

    private synchronized Instant write(JsonNode line) throws IOException {
        byte[] bytes = (line.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        Instant at = Instant.now();
        stdin.write(bytes);
        stdin.flush();
        return at;
    }

    private void read() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.startsWith("{")) {
                    continue;
                }
                JsonNode message = Api.JSON.readTree(line);
                switch (message.path("type").asString("")) {
                    case "control_response" -> {
                        String answered = message.path("response").path("request_id").asString("");
                        if ("init".equals(answered)) {
                            initialized.complete(Instant.now());
                        } else if ("usage".equals(answered)) {
                            contextUsage.complete(Instant.now());
                        }
                    }
                    case "control_request" -> allow(message);
                    case "result" -> results.add(message);
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException ended) {
            // the process was closed
        }
        initialized.completeExceptionally(new IllegalStateException("the CLI exited before answering initialize"));
        contextUsage.completeExceptionally(new IllegalStateException("the CLI exited before answering"
                + " get_context_usage"));
    }

    /** Answers a tool permission request with allow (the benchmarks' replies use no tools). */
    private void allow(JsonNode request) throws IOException {
        ObjectNode decision = Api.JSON.createObjectNode().put("behavior", "allow");
        decision.set("updatedInput", request.path("request").path("input"));
        ObjectNode response = Api.JSON.createObjectNode().put("subtype", "success")
                .put("request_id", request.path("request_id").asString(""));
        response.set("response", decision);
        write(Api.JSON.createObjectNode().put("type", "control_response").set("response", response));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** {@code claude --version}, e.g. {@code 2.1.197 (Claude Code)}. */
    static String version(Path claude) {
        try {
            Process p = new ProcessBuilder(claude.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown (" + out + ")";
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The CLI Poco runs: POCO_CLAUDE_BIN (./poco bench sets it to the installed pinned one). */
    static Path locate() {
        String bin = System.getenv("POCO_CLAUDE_BIN");
        if (bin == null || bin.isBlank()) {
            throw new IllegalStateException("POCO_CLAUDE_BIN is not set (./poco bench sets it)");
        }
        return Path.of(bin);
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
