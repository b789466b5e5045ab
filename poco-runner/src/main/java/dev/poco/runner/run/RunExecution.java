package dev.poco.runner.run;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.PermissionMode;
import dev.poco.protocol.RunView;
import dev.poco.protocol.SdkTypes;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.claude.ClaudeCliSession;
import dev.poco.runner.claude.ClaudeCommand;
import dev.poco.runner.claude.TurnResult;
import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.transport.ProcessCliTransport;
import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.gateway.GatewayConfig;
import dev.poco.runner.gateway.ModelGateway;
import dev.poco.runner.messages.PocoMessage;
import dev.poco.runner.messages.PocoMessageListener;
import dev.poco.runner.report.CallbackReporter;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxEndReason;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.server.ServerException;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.StagedInput;
import dev.poco.runner.workspace.WorkspaceManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Executes one claimed run end to end (DESIGN.md §4): start it, lay out the session workspace,
 * tag the base snapshot, open the model gateway, start Claude Code in a bubblewrap sandbox, report
 * every message with the agent state, answer questions and plan approvals, honour a cancel
 * (interrupt, then kill after a grace period), tag the result snapshot and report the outcome.
 * Failures before the agent starts are reported with {@code /fail}; afterwards the terminal
 * callback carries them. {@link #execute()} blocks until the run is over.
 */
public final class RunExecution {

    private static final Logger log = LoggerFactory.getLogger(RunExecution.class);
    private static final String SANDBOX_KEY = "poco-sandbox-placeholder";

    private final ClaimedRun claim;
    private final RunnerSettings settings;
    private final ServerClient server;
    private final SandboxDriver sandboxes;
    private final WorkspaceManager workspaces;
    private final WorkspaceExporter exporter;
    private final UUID runId;
    private final UUID sessionId;
    private volatile @Nullable ClaudeCliSession cli;
    private volatile @Nullable SandboxHandle sandbox;
    private volatile @Nullable RunLease lease;

    public RunExecution(ClaimedRun claim, RunnerSettings settings, ServerClient server, SandboxDriver sandboxes,
            WorkspaceManager workspaces, WorkspaceExporter exporter) {
        this.claim = claim;
        this.exporter = exporter;
        this.settings = settings;
        this.server = server;
        this.sandboxes = sandboxes;
        this.workspaces = workspaces;
        this.runId = claim.run().runId();
        this.sessionId = claim.run().sessionId();
    }

    public UUID runId() {
        return runId;
    }

    /** Stops the run from this side (runner shutdown): interrupts the CLI, kills the sandbox later. */
    public void abort(String why) {
        RunLease c = lease;
        if (c != null) {
            c.cancel(why);
        } else {
            interruptAndKill();
        }
    }

    public void execute() {
        RunView started;
        try {
            started = server.start(runId, settings.workerId());
        } catch (ServerException e) {
            log.warn("Could not start run {}: {}", runId, e.getMessage());
            return;
        }
        if (started.status().isTerminal()) {
            log.info("Run {} was {} before it started; nothing to do", runId, started.status().wire());
            return;
        }
        if (settings.credential() == null) {
            failEarly("No model credentials are configured on this runner: set ANTHROPIC_API_KEY (or"
                    + " ANTHROPIC_AUTH_TOKEN, and ANTHROPIC_BASE_URL for a proxy) and restart Poco.");
            return;
        }
        try (RunLease lease = new RunLease(server, runId, settings.workerId(), settings.leaseSeconds(),
                settings.heartbeatInterval(), this::interruptAndKill);
                CallbackReporter reporter = new CallbackReporter(server, sessionId, runId, settings.callbackRetryFor())) {
            this.lease = lease;
            runAgent(lease, reporter);
        } catch (RuntimeException e) {
            log.error("Run {} failed in the runner", runId, e);
            failEarly("The runner failed: " + e.getMessage());
        }
    }

    private void runAgent(RunLease lease, CallbackReporter reporter) {
        SessionWorkspace ws;
        List<StagedInput> staged;
        try {
            ws = workspaces.prepareRun(claim.userId(), sessionId, runId);
            linkClaudeData(ws);
            JsonNode files = claim.configSnapshot() == null ? null : claim.configSnapshot().get("input_files");
            staged = files == null || files.isNull() ? List.of() : workspaces.stageInputs(ws, files, server::attachment);
        } catch (RuntimeException e) {
            failEarly("Could not prepare the workspace: " + e.getMessage());
            return;
        }
        PermissionMode mode = PermissionMode.fromWire(claim.run().permissionMode()).orElse(PermissionMode.DEFAULT);
        PermissionPolicy policy = new PermissionPolicy(server, sessionId, mode, settings.questionTimeout(),
                settings.planTimeout());
        StateReporter state = new StateReporter(workspaces, ws);
        String outcome = "failed";
        try (ModelGateway gateway = ModelGateway.open(settings.gatewayDir(), runId.toString(),
                GatewayConfig.of(settings.modelBaseUrl(), settings.credential()))) {
            SandboxHandle handle = sandboxes.start(sandboxSpec(ws, gateway, command(mode)));
            sandbox = handle;
            try (handle; ClaudeCliSession session = new ClaudeCliSession(new ProcessCliTransport(handle.process(),
                    ProcessCliTransport.Options.defaults().withMaxLineBytes(settings.maxCliLineBytes())
                            .withStderrLineConsumer(line -> log.debug("run {} stderr: {}", runId, line))), policy)) {
                cli = session;
                if (lease.canceled()) {
                    return;
                }
                TurnResult turn = session.runTurn(Prompts.decorate(claim.prompt(), staged),
                        new PocoMessageListener(message -> onMessage(message, state, reporter)));
                // A limit hit since the watchdog's last look (a big write just before the turn ended) fails the run too.
                String limitHit = handle.enforceLimits().map(this::limitMessage).orElse(null);
                // A rejected plan interrupts the turn, which the CLI reports as an error; the user chose it.
                boolean failed = limitHit != null || (turn.failed() && !policy.planRejected());
                lease.finishing();
                outcome = failed ? "failed" : policy.planRejected() ? "plan-rejected" : "completed";
                if (!lease.canceled()) {
                    reporter.finish(failed ? CallbackStatus.FAILED : CallbackStatus.COMPLETED,
                            state.progress(), state.finalState(),
                            limitHit != null ? limitHit : failed ? describe(turn) : null);
                }
            } catch (CliException e) {
                lease.finishing();
                outcome = "failed " + e.getClass().getSimpleName();
                if (!lease.canceled()) {
                    String why = handle.enforceLimits().map(this::limitMessage)
                            .orElse("Claude Code stopped unexpectedly: " + e.getMessage());
                    reporter.finish(CallbackStatus.FAILED, state.progress(), state.finalState(), why);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = "failed interrupted";
            } finally {
                log.info("Run {} used {} through the gateway", runId, gateway.usage());
            }
        } catch (RuntimeException e) {
            if (!lease.canceled()) {
                reporter.finish(CallbackStatus.FAILED, state.progress(), null, "Could not run the agent: " + e.getMessage());
            }
        } finally {
            if (lease.canceled()) {
                outcome = "canceled";
            }
            try {
                workspaces.snapshotResult(ws, runId, outcome);
            } catch (RuntimeException e) {
                log.warn("Result snapshot of run {} failed: {}", runId, e.getMessage());
            }
            exporter.export(sessionId, runId, ws.workspace());
        }
    }

    private void onMessage(PocoMessage message, StateReporter state, CallbackReporter reporter) {
        AgentState current = state.update(message);
        reporter.report(message.poco(), current, message.progress());
    }

    private ClaudeCommand command(PermissionMode mode) {
        String model = claim.configSnapshot() != null && claim.configSnapshot().path("model").isString()
                ? claim.configSnapshot().path("model").asString() : settings.defaultModel();
        return ClaudeCommand.of(ClaudeCommand.SANDBOX_BINARY)
                .withPermissionMode(mode)
                .withModel(model == null || model.isBlank() ? null : model)
                .withResume(claim.sdkSessionId());
    }

    private SandboxSpec sandboxSpec(SessionWorkspace ws, ModelGateway gateway, ClaudeCommand command) {
        return SandboxSpec.builder("run-" + runId)
                .workspace(ws.workspace())
                .home(ws.home())
                .readOnlyBind(settings.claudeBinary(), ClaudeCommand.SANDBOX_BINARY)
                .readOnlyBind(gateway.runDirectory(), ModelGateway.SANDBOX_DIR)
                .env(ClaudeCommand.recommendedEnvironment())
                .env("ANTHROPIC_UNIX_SOCKET", ModelGateway.SANDBOX_DIR + "/" + ModelGateway.SOCKET_NAME)
                .env("ANTHROPIC_BASE_URL", "http://llm.invalid")
                .env("ANTHROPIC_API_KEY", SANDBOX_KEY)
                .command(command.argv())
                .limits(settings.limits().withWallClockTimeout(settings.runTimeout()))
                .build();
    }

    /** The agent's {@code ~/.claude} is the workspace's {@code .claude_data} (poco's layout), so resume works. */
    private static void linkClaudeData(SessionWorkspace ws) {
        Path link = ws.home().resolve(".claude");
        try {
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, Path.of(SandboxSpec.WORKSPACE, ".claude_data"));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot link " + link + " to the session's .claude_data: " + e.getMessage(), e);
        }
    }

    private void interruptAndKill() {
        ClaudeCliSession session = cli;
        if (session != null) {
            session.interrupt();
        }
        SandboxHandle handle = sandbox;
        if (handle != null) {
            CompletableFuture.delayedExecutor(settings.cancelGrace().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> handle.stop(Duration.ofSeconds(2)));
        }
    }

    private void failEarly(String message) {
        try {
            server.fail(runId, settings.workerId(), message);
        } catch (ServerException e) {
            log.error("Could not report the failure of run {} ({}): {}", runId, message, e.getMessage());
        }
    }

    /** The run's error when its sandbox hit a limit; the memory message is exactly the sandbox's. */
    private String limitMessage(SandboxEndReason reason) {
        return reason == SandboxEndReason.TIMEOUT
                ? "The run exceeded its time limit of " + settings.runTimeout().toMinutes() + " minutes ("
                        + reason.limit().orElseThrow().setting() + ")"
                : reason.describe(settings.limits());
    }

    private static String describe(TurnResult turn) {
        var result = turn.result();
        String text = result.result() != null && !result.result().isBlank() ? result.result() : result.subtype();
        return "Claude Code reported an error: " + text;
    }

    static boolean isToolResult(JsonNode poco) {
        if (!poco.path(SdkTypes.TYPE_FIELD).asString("").contains(SdkTypes.USER_MESSAGE)) {
            return false;
        }
        for (JsonNode block : poco.path("content")) {
            if (block.path(SdkTypes.TYPE_FIELD).asString("").contains(SdkTypes.TOOL_RESULT_BLOCK)) {
                return true;
            }
        }
        return false;
    }
}
