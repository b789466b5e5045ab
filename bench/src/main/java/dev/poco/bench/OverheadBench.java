package dev.poco.bench;

import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.claude.ClaudeCliSession;
import dev.poco.runner.claude.ClaudeCommand;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.transport.StreamCliTransport;
import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.WorkspaceManager;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Api;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code overhead}: what Poco adds before Claude Code's first model request. The same pinned CLI
 * and the same fake model, once through the whole product (task POST, queue, claim, workspace, git
 * snapshot, model gateway, bubblewrap) and once started directly; the difference of the medians
 * is the platform's overhead. Also times bare sandbox starts.
 */
final class OverheadBench {

    static final int WARMUP = 2;
    static final int RUNS = 20;
    static final int SANDBOX_WARMUP = 3;
    static final double TARGET_MILLIS = 150;
    static final String MODEL = "claude-sonnet-4-6";
    static final String SCHEDULE_MODE = "bench-overhead";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    /** Marker in the prompt -> when the fake received the first model request carrying it. */
    private final Map<String, CompletableFuture<Probe>> probes = new ConcurrentHashMap<>();
    private final String databaseUrl;

    record Probe(long nanos, Instant wallClock) {}

    OverheadBench(String databaseUrl) {
        this.databaseUrl = databaseUrl;
    }

    void run(PrintStream out) throws Exception {
        Path claude = new ClaudeCliLocator().locate();
        Path scratch = Files.createTempDirectory("poco-bench-overhead");
        Samples sandbox = new Samples();
        Samples prepareNew = new Samples();
        Samples prepareNext = new Samples();
        int[] sandboxesPerPrepare = new int[2];
        Samples direct = new Samples();
        Samples platform = new Samples();
        Samples queueAndStart = new Samples();
        Samples startToModel = new Samples();
        try (FakeAnthropicServer model = new FakeAnthropicServer().start()) {
            model.respondWith(this::answer);

            Bench.progress("overhead: %d bare sandbox starts, %d workspace preparations", SANDBOX_WARMUP + RUNS,
                    2 * (SANDBOX_WARMUP + RUNS));
            sandboxAndWorkspace(scratch.resolve("sandbox"), sandbox, prepareNew, prepareNext, sandboxesPerPrepare);

            Bench.progress("overhead: booting Poco with the embedded runner");
            try (Product product = Product.boot(databaseUrl, true, Map.of(
                    "poco.model.base-url", model.baseUrl(),
                    "poco.model.default-model", MODEL,
                    "poco.models.default-model", MODEL,
                    "poco.runner.claude-bin", claude.toString(),
                    "poco.runner.max-concurrent-runs", "1",
                    // only this benchmark's tasks: the database may hold queued runs of other benchmarks
                    "poco.runner.schedule-modes", SCHEDULE_MODE,
                    // The runner's pending claim (a 25 s long poll by default) would hold up graceful
                    // shutdown for the whole 20 s phase timeout; a task is still claimed at once either way.
                    "poco.runner.claim-wait-seconds", "2"))) {
                Api user = product.user("bench-overhead");
                // alternate the two ways, so that drift of the machine's speed hits both alike
                Bench.progress("overhead: %d direct CLI starts and %d tasks through Poco, alternating (%s)",
                        WARMUP + RUNS, WARMUP + RUNS, claude);
                for (int i = 0; i < WARMUP + RUNS; i++) {
                    long nanos = directRun(claude, model, scratch.resolve("direct-" + i), i);
                    if (i >= WARMUP) {
                        direct.add(nanos);
                    }
                    platformRun(user, i, i >= WARMUP ? platform : null, queueAndStart, startToModel);
                }
            }
        } finally {
            Product.deleteQuietly(scratch);
        }

        double overhead = platform.medianMillis() - direct.medianMillis();
        Bench.section(out, "overhead", "platform overhead of a task",
                "The same Claude Code " + ClaudeCliLocator.PINNED_VERSION + " and fake model (text reply): through Poco "
                        + "we time POST /api/v1/tasks sent -> the fake receives the CLI's first /v1/messages request; "
                        + "directly we time ProcessBuilder.start() of the CLI (runner's argv and env, fresh HOME and git "
                        + "repo as cwd, initialize + user line on stdin via ClaudeCliSession, no sandbox, gateway or "
                        + "server) -> the same; the two alternate, one run at a time, after " + WARMUP + " warm-up runs each.");
        new Table(Table.LATENCY)
                .latency("through Poco: task POST -> first model request", platform, "")
                .latency("direct CLI: process start -> first model request", direct, "")
                .row("platform overhead (difference of medians)", "", Samples.ms(overhead), "", "", "", "",
                        "< " + (int) TARGET_MILLIS + " ms: " + Bench.verdict(overhead < TARGET_MILLIS) + " (median)")
                .latency("  of which: task POST -> run started (queue, claim, /start)", queueAndStart, "")
                .latency("  of which: run started -> first model request", startToModel, "")
                .latency("runner step: workspace prepare + base snapshot, new session ("
                        + sandboxesPerPrepare[0] + " git sandboxes)", prepareNew, "")
                .latency("runner step: the same for a session's next run (" + sandboxesPerPrepare[1]
                        + " git sandboxes)", prepareNext, "")
                .latency("bubblewrap sandbox start of /bin/true (start -> exit)", sandbox, "")
                .print(out);
        out.println(Bench.wrap("The \"of which\" rows use wall clocks (the run's started_at from PostgreSQL, the fake's"
                + " receivedAt). The runner steps are timed in this JVM on a driver of their own, outside the"
                + " product, with the runner's WorkspaceManager; they are part of \"run started -> first model"
                + " request\". The embedded runner takes only this benchmark's schedule mode and long-polls its"
                + " claims 2 s at a time instead of 25 s (a task still wakes it at once), so Poco stops promptly.",
                110, "  "));
    }

    private Reply answer(RecordedRequest request) {
        long now = System.nanoTime();
        Instant wall = Instant.now();
        String body = request.body();
        probes.forEach((marker, probe) -> {
            if (body.contains(marker)) {
                probe.complete(new Probe(now, wall));
            }
        });
        return Reply.text("OK.");
    }

    private CompletableFuture<Probe> probe(String marker) {
        CompletableFuture<Probe> probe = new CompletableFuture<>();
        probes.put(marker, probe);
        return probe;
    }

    /**
     * Bare sandbox starts, then the runner's workspace steps before a run (WorkspaceManager.prepare and
     * snapshotBase, each git command in a sandbox of its own) for a new session and for its next run.
     */
    private void sandboxAndWorkspace(Path dir, Samples samples, Samples prepareNew, Samples prepareNext, int[] sandboxes)
            throws Exception {
        Path ws = Files.createDirectories(dir.resolve("workspace"));
        Path home = Files.createDirectories(dir.resolve("home"));
        CountingDriver driver = new CountingDriver(new BubblewrapSandboxDriver(
                BubblewrapOptions.defaults().withStateDir(dir.resolve("state"))));
        try {
            for (int i = 0; i < SANDBOX_WARMUP + RUNS; i++) {
                SandboxSpec spec = SandboxSpec.builder("bench-true-" + i).workspace(ws).home(home)
                        .command("/bin/true").build();
                long start = System.nanoTime();
                SandboxHandle handle = driver.start(spec);
                boolean exited = handle.waitFor(Duration.ofSeconds(10));
                long end = System.nanoTime();
                handle.close();
                if (!exited || handle.exitCode().orElse(-1) != 0) {
                    throw new IllegalStateException("sandboxed /bin/true did not exit 0: " + handle.exitCode());
                }
                if (i >= SANDBOX_WARMUP) {
                    samples.add(end - start);
                }
            }
            WorkspaceManager workspaces = new WorkspaceManager(dir.resolve("workspaces"), driver, Duration.ofSeconds(60));
            for (int i = 0; i < SANDBOX_WARMUP + RUNS; i++) {
                UUID session = UUID.randomUUID();
                int before = driver.starts();
                long start = System.nanoTime();
                SessionWorkspace prepared = workspaces.prepare("bench", session);
                workspaces.snapshotBase(prepared, UUID.randomUUID());
                long middle = System.nanoTime();
                int between = driver.starts();
                prepared = workspaces.prepare("bench", session);
                workspaces.snapshotBase(prepared, UUID.randomUUID());
                long end = System.nanoTime();
                sandboxes[0] = between - before;
                sandboxes[1] = driver.starts() - between;
                if (i >= SANDBOX_WARMUP) {
                    prepareNew.add(middle - start);
                    prepareNext.add(end - middle);
                }
            }
        } finally {
            driver.close();
        }
    }

    /** One direct CLI turn; returns process start -> first model request in nanoseconds. */
    private long directRun(Path claude, FakeAnthropicServer model, Path dir, int i) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path cwd = Files.createDirectories(dir.resolve("workspace"));
        gitInit(cwd);
        String marker = "direct-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<Probe> probe = probe(marker);
        ProcessBuilder builder = new ProcessBuilder(ClaudeCommand.of(claude.toString()).withModel(MODEL).argv())
                .directory(cwd.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.putAll(ClaudeCommand.recommendedEnvironment());
        env.put("ANTHROPIC_BASE_URL", model.baseUrl());
        env.put("ANTHROPIC_API_KEY", "x");
        env.put("IS_SANDBOX", "1");
        long start = System.nanoTime();
        Process process = builder.start();
        try (ClaudeCliSession session = new ClaudeCliSession(new StreamCliTransport(process),
                ToolPermissionHandler.allowAll())) {
            var turn = session.runTurn("Reply with OK. " + marker, message -> { });
            if (turn.failed()) {
                Bench.progress("direct run %d: the CLI reported an error: %s", i, turn.result().result());
            }
        } finally {
            process.destroyForcibly();
            probes.remove(marker);
        }
        Probe got = probe.get(5, TimeUnit.SECONDS);
        Thread.sleep(200); // let the exited CLI's pages and the fake's threads settle, as between platform runs
        return got.nanos() - start;
    }

    private void platformRun(Api user, int i, @Nullable Samples platform, Samples queueAndStart, Samples startToModel)
            throws Exception {
        String marker = "platform-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
        CompletableFuture<Probe> probe = probe(marker);
        Instant sentAt = Instant.now();
        long sent = System.nanoTime();
        JsonNode task = user.post("/api/v1/tasks", Map.of("prompt", "Reply with OK. " + marker,
                "schedule_mode", SCHEDULE_MODE)).ok();
        Probe got = probe.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        probes.remove(marker);
        String sessionId = task.path("session_id").asString();
        JsonNode session = awaitSession(user, sessionId);
        if (!"completed".equals(session.path("status").asString())) {
            Bench.progress("platform run %d ended %s: %s", i, session.path("status").asString(),
                    user.get("/api/v1/runs/session/" + sessionId).body());
        }
        if (platform != null) {
            platform.add(got.nanos() - sent);
            JsonNode run = user.get("/api/v1/runs/" + task.path("run_id").asString()).ok();
            String startedAt = run.path("started_at").asString("");
            if (!startedAt.isEmpty()) {
                Instant started = OffsetDateTime.parse(startedAt).toInstant();
                queueAndStart.add(Duration.between(sentAt, started).toNanos());
                startToModel.add(Duration.between(started, got.wallClock()).toNanos());
            }
        }
        // the runner tags the result snapshot after the last callback; keep it out of the next run
        Thread.sleep(500);
    }

    private static JsonNode awaitSession(Api user, String sessionId) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        JsonNode session;
        do {
            Thread.sleep(100);
            session = user.get("/api/v1/sessions/" + sessionId).ok();
            String status = session.path("status").asString();
            if (status.equals("completed") || status.equals("failed") || status.equals("canceled")) {
                return session;
            }
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("session " + sessionId + " did not finish within " + RUN_TIMEOUT
                + "; last seen " + session);
    }

    private static void gitInit(Path dir) throws IOException, InterruptedException {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("git", "init", "-q", "-b", "main"));
        commands.add(List.of("git", "-c", "user.name=poco", "-c", "user.email=poco@localhost", "commit", "-q",
                "--allow-empty", "-m", "base"));
        for (List<String> command : commands) {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        }
    }
}
