package dev.poco.runner.live;

import dev.poco.runner.claude.ClaudeCliSession;
import dev.poco.runner.gateway.ModelGateway;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxStatus;
import dev.poco.runner.workspace.SessionWorkspace;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Claude Code process that outlives a run: its sandbox, its model gateway, the CLI session (SDK stream-json mode,
 * past {@code initialize}), the workspace the sandbox has mounted, and the relay its permission requests go through.
 * The host uid lease is the sandbox's and lives as long as it. Per run, the pipeline re-points what belongs to the
 * run: the permission handler ({@link #permissions()}), the message listener (given with each turn), the usage
 * baseline (the gateway counts for every run; a run reports the difference) and the wall-clock limit.
 *
 * <p>Between runs an agent belongs to {@link LiveAgents} and nobody writes to it; a run that takes it owns it until it
 * parks it again or closes it. {@link #served} says which turn it last completed, which decides whether a claimed run
 * is a plain follow-up of exactly that turn.
 */
public final class LiveAgent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveAgent.class);

    /**
     * The last turn the agent completed.
     *
     * @param sessionId the poco session
     * @param runId the run it served
     * @param userMessageId the user message of that run
     * @param sdkSessionId the conversation id the CLI reported (what {@code --resume} would name)
     */
    public record Served(UUID sessionId, UUID runId, long userMessageId, String sdkSessionId) {}

    private final String id;
    private final LaunchKey key;
    private final ModelGateway gateway;
    private final SandboxHandle sandbox;
    private final ClaudeCliSession cli;
    private final RelayPermissionHandler permissions;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SessionWorkspace workspace;
    private volatile @Nullable Served served;
    private volatile @Nullable String baseCommit;
    private volatile long idleSinceNanos = System.nanoTime();
    private volatile @Nullable Runnable discardWorkspace;

    /**
     * @param baseCommit the commit the workspace is at, which the next run's base tag names; null when unknown (then
     *     no run may take the agent)
     * @param discardWorkspace deletes a pooled workspace when the agent closes before a session adopted it; null
     *     for a session's workspace, which stays
     */
    public LiveAgent(String id, LaunchKey key, ModelGateway gateway, SandboxHandle sandbox, ClaudeCliSession cli,
            RelayPermissionHandler permissions, SessionWorkspace workspace, @Nullable String baseCommit,
            @Nullable Runnable discardWorkspace) {
        this.id = id;
        this.key = Objects.requireNonNull(key, "key");
        this.gateway = gateway;
        this.sandbox = sandbox;
        this.cli = cli;
        this.permissions = permissions;
        this.workspace = workspace;
        this.baseCommit = baseCommit;
        this.discardWorkspace = discardWorkspace;
    }

    public String id() {
        return id;
    }

    public LaunchKey key() {
        return key;
    }

    public ModelGateway gateway() {
        return gateway;
    }

    public SandboxHandle sandbox() {
        return sandbox;
    }

    public ClaudeCliSession cli() {
        return cli;
    }

    public RelayPermissionHandler permissions() {
        return permissions;
    }

    public SessionWorkspace workspace() {
        return workspace;
    }

    /** A session adopted the pooled workspace (renamed into its place; the sandbox's mount followed it). */
    public void adopted(SessionWorkspace moved) {
        this.workspace = moved;
        this.discardWorkspace = null;
    }

    public @Nullable Served served() {
        return served;
    }

    public @Nullable String baseCommit() {
        return baseCommit;
    }

    /** The run completed: what it served and the commit its result snapshot made, which the next run starts from. */
    public void completed(Served turn, @Nullable String resultCommit) {
        this.served = turn;
        this.baseCommit = resultCommit;
    }

    /** Whether the sandbox runs and the CLI can take another turn. */
    public boolean alive() {
        return !closed.get() && sandbox.status() == SandboxStatus.RUNNING && cli.reusable();
    }

    void idleFromNow() {
        idleSinceNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - idleSinceNanos;
    }

    long ageNanos() {
        return System.nanoTime() - startedNanos;
    }

    /**
     * Ends the process the way a last turn does (stdin closed, so the CLI writes the rest of its transcript and a
     * later {@code --resume} finds it), then the sandbox and the gateway. Idempotent; never throws; blocks for at most
     * the CLI's exit timeout plus the sandbox's stop.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            cli.closeGracefully();
        } catch (RuntimeException e) {
            log.warn("Closing the CLI of live agent {} failed: {}", id, e.getMessage());
        }
        try {
            sandbox.close();
        } catch (RuntimeException e) {
            log.warn("Closing the sandbox of live agent {} failed: {}", id, e.getMessage());
        }
        gateway.close();
        Runnable discard = discardWorkspace;
        if (discard != null) {
            discard.run();
        }
    }

    @Override
    public String toString() {
        return "live agent " + id;
    }
}
