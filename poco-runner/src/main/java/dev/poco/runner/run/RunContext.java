package dev.poco.runner.run;

import dev.poco.protocol.ClaimedRun;
import dev.poco.protocol.GatewayUsage;
import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.admission.Admission;
import dev.poco.runner.capabilities.ResolvedConfig;
import dev.poco.runner.capabilities.StagedCapabilities;
import dev.poco.runner.claude.ClaudeCliSession;
import dev.poco.runner.egress.EgressGate;
import dev.poco.runner.gateway.ModelGateway;
import dev.poco.runner.live.LaunchKey;
import dev.poco.runner.live.LiveAgent;
import dev.poco.runner.live.UsageDelta;
import dev.poco.runner.report.CallbackReporter;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.server.Calls;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.StagedInput;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One run's state as it moves through the {@link RunPipeline}: the claim and the runner's
 * settings, and what each stage produced for the later ones (workspace, staged inputs, gateway,
 * sandbox, CLI session, outcome). A getter of something no stage has produced yet throws, naming
 * the stage that should have.
 *
 * <p>The stages run on one thread; {@link #abort} and the lease's cancel come from others, so the
 * fields they read are volatile.
 */
public final class RunContext {

    private final ClaimedRun claim;
    private final RunnerSettings settings;
    private final ServerClient server;
    private volatile RunSpec spec;
    private volatile StagedCapabilities capabilities = StagedCapabilities.NONE;
    private volatile ResolvedConfig resolvedConfig = ResolvedConfig.NONE;
    private volatile @Nullable RunLease lease;
    private @Nullable CallbackReporter reporter;
    private @Nullable SessionWorkspace workspace;
    private List<StagedInput> stagedInputs = List.of();
    private List<AttachedFolder> folders = List.of();
    private PermissionRules permissionRules = PermissionRules.NONE;
    private @Nullable ModelGateway gateway;
    private volatile @Nullable EgressGate egress;
    private volatile @Nullable NetworkEventReporter networkEvents;
    private final OpenToolUses toolUses = new OpenToolUses();
    private volatile @Nullable Admission admission;
    private volatile @Nullable SandboxHandle sandbox;
    private volatile @Nullable ClaudeCliSession cli;
    private volatile @Nullable StateReporter state;
    private volatile RunOutcome outcome = RunOutcome.UNDECIDED;
    private volatile @Nullable LiveAgent live;
    private @Nullable LaunchKey launchKey;
    private volatile boolean keepAlive;
    private @Nullable CompletableFuture<Void> baseSnapshot;
    private @Nullable String deferredBase;
    private @Nullable GatewayUsage usageBaseline;
    private @Nullable String resultCommit;
    private final Map<BackgroundKey<?>, FutureTask<?>> background = new ConcurrentHashMap<>();

    /**
     * Names a stage's background work and its result's type ({@link #background}).
     *
     * @param name for the thread's name and logs
     */
    public record BackgroundKey<T>(String name) {}

    /** Work a stage may do ahead, on another thread; the exceptions it throws reach the stage's {@code run}. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws InterruptedException;
    }

    public RunContext(ClaimedRun claim, RunnerSettings settings, ServerClient server) {
        this.claim = claim;
        this.settings = settings;
        this.server = server;
        this.spec = claim.spec();
    }

    public UUID runId() {
        return claim.run().runId();
    }

    public UUID sessionId() {
        return claim.run().sessionId();
    }

    public ClaimedRun claim() {
        return claim;
    }

    public String userId() {
        return claim.userId();
    }

    /** The claim's spec; once {@link ResolveCapabilitiesStage} ran, with the capabilities it staged filled in. */
    public RunSpec spec() {
        return spec;
    }

    void spec(RunSpec resolved) {
        this.spec = resolved;
    }

    public RunnerSettings settings() {
        return settings;
    }

    public ServerClient server() {
        return server;
    }

    // ---- background reads ----------------------------------------------------------------

    /**
     * Starts {@code work} on a virtual thread of its own, for {@link #awaitBackground} to collect (see {@link
     * RunStage#prepare}); a second call for the same key does nothing. Cancelled (interrupted) when the run ends.
     */
    public <T> void background(BackgroundKey<T> key, Work<T> work) {
        FutureTask<T> task = new FutureTask<>(work::call);
        if (background.putIfAbsent(key, task) == null) {
            Thread.ofVirtual().name("run-" + key.name() + "-" + runId()).start(task);
        }
    }

    /**
     * The result of the background work of {@code key}, waiting for it; or of {@code work} done now on this thread
     * when none was started or it was cancelled. Exceptions of the work are rethrown as they were thrown.
     */
    @SuppressWarnings("unchecked")
    public <T> T awaitBackground(BackgroundKey<T> key, Work<T> work) throws InterruptedException {
        FutureTask<T> task = (FutureTask<T>) background.get(key);
        if (task == null) {
            return work.call();
        }
        try {
            return Calls.await(task);
        } catch (CancellationException e) {
            return work.call();
        }
    }

    /** Interrupts background work still running: the run is over, nobody will read it. */
    void cancelBackground() {
        background.values().forEach(task -> task.cancel(true));
    }

    // ---- produced by the stages ------------------------------------------------------------

    /** Whether the user (or the server, or a shutdown) canceled the run; frozen once the run is finishing. */
    public boolean canceled() {
        RunLease l = lease;
        return l != null && l.canceled();
    }

    @Nullable RunLease lease() {
        return lease;
    }

    void lease(RunLease newLease) {
        this.lease = newLease;
    }

    CallbackReporter reporter() {
        return require(reporter, "callback reporter", ReportStage.class);
    }

    void reporter(CallbackReporter newReporter) {
        this.reporter = newReporter;
    }

    @Nullable CallbackReporter reporterOrNull() {
        return reporter;
    }

    public SessionWorkspace workspace() {
        return require(workspace, "workspace", PrepareWorkspaceStage.class);
    }

    void workspace(SessionWorkspace ws) {
        this.workspace = ws;
    }

    /** The allow/ask/deny rules the run works under; none until {@link PermissionRulesStage} read them. */
    public PermissionRules permissionRules() {
        return permissionRules;
    }

    void permissionRules(PermissionRules rules) {
        this.permissionRules = rules;
    }

    public List<StagedInput> stagedInputs() {
        return stagedInputs;
    }

    void stagedInputs(List<StagedInput> inputs) {
        this.stagedInputs = List.copyOf(inputs);
    }

    /** The local folders {@link LocalFoldersStage} prepared; none without that stage. */
    List<AttachedFolder> folders() {
        return folders;
    }

    void folders(List<AttachedFolder> attached) {
        this.folders = List.copyOf(attached);
    }

    /** What {@link ResolveCapabilitiesStage} staged for the CLI; nothing when the pipeline has no such stage. */
    /** The run's configuration as the server resolved it (holds secrets: never log it); none until resolved. */
    public ResolvedConfig resolvedConfig() {
        return resolvedConfig;
    }

    void resolvedConfig(ResolvedConfig config) {
        this.resolvedConfig = config;
    }

    public StagedCapabilities capabilities() {
        return capabilities;
    }

    void capabilities(StagedCapabilities staged) {
        this.capabilities = staged;
    }

    public ModelGateway gateway() {
        return require(gateway, "model gateway", StartGatewayStage.class);
    }

    void gateway(@Nullable ModelGateway newGateway) {
        this.gateway = newGateway;
    }

    /** The run's egress gate; null when its policy is {@code none} (no network at all). */
    public @Nullable EgressGate egressOrNull() {
        return egress;
    }

    void egress(EgressGate gate, NetworkEventReporter events) {
        this.egress = gate;
        this.networkEvents = events;
    }

    @Nullable NetworkEventReporter networkEventsOrNull() {
        return networkEvents;
    }

    /** The tool calls the agent has started and not yet seen the results of. */
    OpenToolUses toolUses() {
        return toolUses;
    }

    @Nullable ModelGateway gatewayOrNull() {
        return gateway;
    }

    /** The run's slot in the host budget ({@link AdmitStage}), or null before it has one. */
    public @Nullable Admission admissionOrNull() {
        return admission;
    }

    void admission(@Nullable Admission newAdmission) {
        this.admission = newAdmission;
    }

    public SandboxHandle sandbox() {
        return require(sandbox, "sandbox", StartSandboxStage.class);
    }

    void sandbox(@Nullable SandboxHandle handle) {
        this.sandbox = handle;
    }

    @Nullable SandboxHandle sandboxOrNull() {
        return sandbox;
    }

    @Nullable ClaudeCliSession cli() {
        return cli;
    }

    void cli(@Nullable ClaudeCliSession session) {
        this.cli = session;
    }

    @Nullable StateReporter state() {
        return state;
    }

    void state(StateReporter reporter) {
        this.state = reporter;
    }

    /** Progress of the agent so far (0 before its first message). */
    int progress() {
        StateReporter s = state;
        return s == null ? 0 : s.progress();
    }

    public RunOutcome outcome() {
        return outcome;
    }

    // ---- live agents (issue 12) ------------------------------------------------------------

    /** The live agent (hot or warm) the run took instead of starting a CLI; null on the cold path. */
    @Nullable LiveAgent live() {
        return live;
    }

    void live(LiveAgent agent) {
        this.live = agent;
    }

    /** The configuration of the run's CLI, when live agents are on. */
    @Nullable LaunchKey launchKey() {
        return launchKey;
    }

    void launchKey(LaunchKey key) {
        this.launchKey = key;
    }

    /** Whether the run's gateway, sandbox and CLI stay open for the session's next run (decided after the turn). */
    boolean keepAlive() {
        return keepAlive;
    }

    void keepAlive(boolean keep) {
        this.keepAlive = keep;
    }

    /** The base snapshot of a cold run, running while the CLI starts; null when it was done before or deferred. */
    @Nullable CompletableFuture<Void> baseSnapshot() {
        return baseSnapshot;
    }

    void baseSnapshot(CompletableFuture<Void> snapshot) {
        this.baseSnapshot = snapshot;
    }

    /** The commit a live agent's run starts from; the base tag naming it is written with the result snapshot. */
    @Nullable String deferredBase() {
        return deferredBase;
    }

    void deferredBase(@Nullable String commit) {
        this.deferredBase = commit;
    }

    /** What a kept gateway had counted when the run began. */
    void usageBaseline(@Nullable GatewayUsage before) {
        this.usageBaseline = before;
    }

    /** The run's usage of record: what the gateway counted since the run began. */
    @Nullable GatewayUsage meteredUsage() {
        ModelGateway g = gateway;
        return g == null ? null : UsageDelta.since(usageBaseline, g.meteredUsage());
    }

    @Nullable String resultCommit() {
        return resultCommit;
    }

    void resultCommit(@Nullable String commit) {
        this.resultCommit = commit;
    }

    void outcome(RunOutcome newOutcome) {
        this.outcome = newOutcome;
    }

    /** How the run ended in a word or two ({@code completed}, {@code canceled}, {@code failed ...}). */
    public String outcomeLabel() {
        return canceled() ? "canceled" : outcome.label();
    }

    // ---- stopping from outside -------------------------------------------------------------

    /** Stops the run from this side (runner shutdown): interrupts the CLI, kills the sandbox later. */
    public void abort(String why) {
        RunLease l = lease;
        if (l != null) {
            l.cancel(why);
        } else {
            interruptAndKill();
        }
    }

    /** The cancel action: interrupt the agent's turn, and end its sandbox after the cancel grace. */
    void interruptAndKill() {
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

    private static <T> T require(@Nullable T value, String what, Class<? extends RunStage> producer) {
        if (value == null) {
            throw new IllegalStateException("No " + what + " in this run: " + producer.getSimpleName()
                    + " must come earlier in the pipeline");
        }
        return value;
    }
}
