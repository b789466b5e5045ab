package dev.poco.runner;

import dev.poco.protocol.ClaimedRun;
import dev.poco.runner.admission.HostBudget;
import dev.poco.runner.claim.ClaimLoop;
import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.live.LiveAgents;
import dev.poco.runner.live.LiveSettings;
import dev.poco.runner.run.RunExecution;
import dev.poco.runner.run.RunPipelineFactory;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.workspace.WorkspaceManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A runner: claims runs from one server and executes up to {@code maxConcurrentRuns} at once, each
 * starting its CLI only once the host's budget ({@link HostBudget}) has room for it.
 * {@link #close()} is the graceful shutdown: stop claiming, give running runs
 * {@code shutdownGrace} to finish, then stop the rest (their sessions see the run fail with a
 * reason rather than hang until the server's heartbeat timeout).
 */
public final class Runner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Runner.class);

    private final RunnerSettings settings;
    private final ServerClient server;
    private final RunPipelineFactory runs;
    private final Map<UUID, RunExecution> active = new ConcurrentHashMap<>();
    private final ClaimLoop claims;
    private final WorkspaceManager workspaces;
    private final LiveAgents live;

    public Runner(RunnerSettings settings, ServerClient server, SandboxDriver sandboxes, WorkspaceManager workspaces,
            WorkspaceExporter exporter, HostBudget budget, LiveSettings liveSettings) {
        this.settings = settings;
        this.server = server;
        this.workspaces = workspaces;
        this.live = new LiveAgents(liveSettings,
                RunPipelineFactory.warmLauncher(settings, liveSettings, sandboxes, workspaces));
        this.runs = new RunPipelineFactory(settings, server, sandboxes, workspaces, exporter, budget, live);
        this.claims = new ClaimLoop(server, settings.workerId(), settings.leaseSeconds(), settings.claimWaitSeconds(),
                settings.scheduleModes(), settings.maxConcurrentRuns(), this::execute);
    }

    public void start() {
        log.info("Runner {} takes up to {} runs at once from {}{}", settings.workerId(), settings.maxConcurrentRuns(),
                server.base(), settings.credential() == null
                        ? " — no ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN is set, so runs will fail until one is" : "");
        // pooled workspaces of an earlier process belong to no agent any more
        workspaces.deletePooled(workspaces.poolRoot());
        live.start();
        claims.start();
    }

    /** The runner's warm pool and hot sessions. */
    public LiveAgents liveAgents() {
        return live;
    }

    public int activeRuns() {
        return active.size();
    }

    private void execute(ClaimedRun claimed) {
        RunExecution execution = runs.execution(claimed);
        active.put(execution.runId(), execution);
        try {
            execution.execute();
        } finally {
            active.remove(execution.runId());
        }
    }

    @Override
    public void close() {
        claims.stop();
        Instant deadline = Instant.now().plus(settings.shutdownGrace());
        if (!active.isEmpty()) {
            log.info("Waiting up to {} s for {} run(s) to finish", settings.shutdownGrace().toSeconds(), active.size());
        }
        while (!active.isEmpty() && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(200));
        }
        for (RunExecution execution : active.values()) {
            log.warn("Stopping run {}: the runner is shutting down", execution.runId());
            execution.abort("runner shutdown");
            try {
                server.fail(execution.runId(), settings.workerId(),
                        "The runner shut down before the run finished; start the task again.");
            } catch (RuntimeException e) {
                log.warn("Could not report run {} as failed: {}", execution.runId(), e.getMessage());
            }
        }
        Instant hard = Instant.now().plus(settings.cancelGrace()).plusSeconds(5);
        while (!active.isEmpty() && Instant.now().isBefore(hard)) {
            sleep(Duration.ofMillis(100));
        }
        // Every sandbox of this runner's runs is gone or being killed by its run's abort. The driver itself is not
        // closed here: it belongs to the application context (closed when the context is), and a context that is
        // stopped and started again (Spring's test context cache pauses contexts) starts a new Runner on it.
        for (RunExecution execution : active.values()) {
            log.warn("Run {} still winding down after the runner stopped; its sandbox is closed with the driver",
                    execution.runId());
        }
        live.close(); // every pooled and hot agent: their sessions' next runs start cold with --resume
        workspaces.deletePooled(workspaces.poolRoot());
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
