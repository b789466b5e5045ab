package dev.poco.runner.config;

import dev.poco.protocol.folders.LocalFolderRoots;
import dev.poco.runner.Runner;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.admission.HostBudget;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.egress.EgressLimits;
import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.live.LiveSettings;
import dev.poco.runner.gateway.UpstreamCredential;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxLimits;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.workspace.WorkspaceManager;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds and starts the {@link Runner} once the server's address is known, and stops it
 * gracefully with the application. Checks at start what every run needs (the Claude Code binary
 * at the pinned version), so a broken install stops Poco with a clear message instead of failing
 * each task.
 *
 * <p>As a {@link SmartLifecycle} in the last phase it is stopped first on shutdown, while the web
 * server still answers: running runs can then finish or be failed over HTTP, even when the
 * server is this very process.
 */
public final class RunnerLauncher implements AutoCloseable, SmartLifecycle {

    private final RunnerProperties properties;
    private final ModelEndpointProperties model;
    private final Path home;
    private final SandboxDriver sandboxes;
    private final WorkspaceManager workspaces;
    private final Path claudeBinary;
    private final HostBudget budget;
    private @Nullable Runner runner;
    /** Where the runner claims from, once known: a stopped launcher starts again against it. */
    private @Nullable URI server;
    private @Nullable String token;

    RunnerLauncher(RunnerProperties properties, ModelEndpointProperties model, Path home, SandboxDriver sandboxes,
            WorkspaceManager workspaces, HostBudget budget) {
        this.properties = properties;
        this.budget = budget;
        this.model = model;
        this.home = home;
        this.sandboxes = sandboxes;
        this.workspaces = workspaces;
        this.claudeBinary = new ClaudeCliLocator().locate(properties.claudeBin());
    }

    public RunnerProperties properties() {
        return properties;
    }

    /** Starts claiming from {@code server} with {@code token}; a second call is ignored. */
    public synchronized void start(URI server, String token) {
        this.server = server;
        this.token = token;
        if (runner != null) {
            return;
        }
        JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        RunnerSettings settings = settings();
        ServerClient client = new ServerClient(server, token, json, settings.workerId());
        Runner r = new Runner(settings, client, sandboxes, workspaces,
                new WorkspaceExporter(client, home.resolve("tmp").resolve("exports")), budget, liveSettings());
        r.start();
        runner = r;
    }

    public synchronized int activeRuns() {
        return runner == null ? 0 : runner.activeRuns();
    }

    RunnerSettings settings() {
        List<String> modes = properties.scheduleModes() == null || properties.scheduleModes().isEmpty()
                ? null : properties.scheduleModes();
        SandboxLimits limits = SandboxLimits.DEFAULTS
                .withMaxProcesses(properties.maxProcesses())
                .withMaxFileSizeBytes(properties.maxFileSizeMb() << 20)
                .withMaxOpenFiles(properties.maxOpenFiles())
                .withMemoryBytes(properties.memoryMb() << 20)
                .withDiskBytes(properties.diskLimitMb() << 20);
        return new RunnerSettings(workerId(), properties.maxConcurrentRuns(), properties.leaseSeconds(),
                Duration.ofSeconds(properties.heartbeatIntervalSeconds()), properties.claimWaitSeconds(), modes,
                properties.workspacesRoot() != null ? properties.workspacesRoot() : home.resolve("workspaces"),
                gatewayDir(), claudeBinary, model.baseUrl(), credential(),
                model.defaultModel() == null ? "" : model.defaultModel().strip(),
                Duration.ofMinutes(properties.runTimeoutMinutes()), Duration.ofSeconds(properties.cancelGraceSeconds()),
                Duration.ofSeconds(properties.questionTimeoutSeconds()),
                Duration.ofSeconds(properties.planTimeoutSeconds()), limits,
                Duration.ofSeconds(properties.callbackRetrySeconds()),
                Duration.ofSeconds(properties.shutdownGraceSeconds()), properties.maxCliLineMb() << 20,
                properties.nodeBin(), new EgressLimits(properties.egressMaxConnections(),
                        properties.egressMaxMb() << 20), properties.githubUrl(),
                new ClaudeCliLocator().runtimeDirectory(), properties.chromiumBin())
                .withLocalFolders(LocalFolderRoots.parse(properties.localFolders() == null ? List.of()
                        : properties.localFolders()));
    }

    LiveSettings liveSettings() {
        return new LiveSettings(properties.hotSessionsMax(), Duration.ofSeconds(properties.hotIdleSeconds()),
                properties.hotMinFreeMb(),
                properties.warmPool() != null ? properties.warmPool() : LiveSettings.defaultWarmPool(),
                Duration.ofSeconds(properties.warmIdleSeconds()));
    }

    /**
     * Where per-run gateway sockets go: under {@code $POCO_HOME/run/gw}, unless that path is too
     * long for a Unix socket (107 bytes with the run's directory), then a directory in /tmp.
     */
    private Path gatewayDir() {
        Path preferred = home.toAbsolutePath().resolve("run/gw");
        if (preferred.toString().length() + "/0123456789abcdef/api.sock".length() <= 100) {
            return preferred;
        }
        String tag = Integer.toHexString(home.toAbsolutePath().toString().hashCode());
        return Path.of(System.getProperty("java.io.tmpdir"), "poco-gw-" + tag);
    }

    private @Nullable UpstreamCredential credential() {
        if (model.apiKey() != null && !model.apiKey().isBlank()) {
            return new UpstreamCredential.ApiKey(model.apiKey().strip());
        }
        if (model.authToken() != null && !model.authToken().isBlank()) {
            return new UpstreamCredential.AuthToken(model.authToken().strip());
        }
        return null;
    }

    private String workerId() {
        if (properties.workerId() != null && !properties.workerId().isBlank()) {
            return properties.workerId().strip();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "runner";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Override
    public synchronized void close() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
    }

    /**
     * The first start happens in {@link #start(URI, String)}, once the server's address is known. This one
     * restarts a stopped launcher: Spring stops the lifecycle beans of a context it pauses (the test context
     * cache pauses a context while another is in use) and starts them again when it resumes it; without this a
     * resumed context had no claim loop and its runs stayed queued. The e2e suite shows it: DatabaseOutageTest's
     * context pauses the shared one, and QuestionAndPlanTest's runs after it were never claimed before this.
     */
    @Override
    public synchronized void start() {
        if (runner == null && server != null && token != null) {
            start(server, token);
        }
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public synchronized boolean isRunning() {
        return runner != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1; // stop before the web server's graceful shutdown
    }
}
