package dev.poco.runner.run;

import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.claude.ClaudeCliSession;
import dev.poco.runner.gateway.ModelGateway;
import dev.poco.runner.live.LaunchKey;
import dev.poco.runner.live.LiveAgent;
import dev.poco.runner.live.LiveAgents;
import dev.poco.runner.live.LiveSettings;
import dev.poco.runner.live.RelayPermissionHandler;
import dev.poco.runner.sandbox.SandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.WorkspaceManager;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts pooled agents the way a run's stages start a cold one, for runs like {@code template}: a fresh pooled
 * workspace ({@link WorkspaceManager#preparePooled}, with its {@code poco:init} commit), a gateway, the sandbox with
 * the same command, environment and limits as {@link StartSandboxStage} gives a new session, and the CLI past {@code
 * initialize} and warmed up for its first turn. Its sandbox's wall-clock limit covers the pool's idle time plus a
 * run; a run restarts it.
 */
final class WarmAgentLauncher implements LiveAgents.Launcher {

    private static final Logger log = LoggerFactory.getLogger(WarmAgentLauncher.class);

    private final RunnerSettings settings;
    private final LiveSettings live;
    private final SandboxDriver sandboxes;
    private final WorkspaceManager workspaces;
    private volatile Target target;

    /** What the pool serves: runs like {@code spec} (prompt, inputs and resume do not matter) of {@code owner}. */
    private record Target(RunSpec spec, String owner) {}

    WarmAgentLauncher(RunnerSettings settings, LiveSettings live, SandboxDriver sandboxes, WorkspaceManager workspaces,
            RunSpec template, String owner) {
        this.settings = settings;
        this.live = live;
        this.sandboxes = sandboxes;
        this.workspaces = workspaces;
        this.target = new Target(template.withResume(null), owner);
    }

    @Override
    public LaunchKey key() {
        Target t = target;
        return LiveAgentStage.keyOf(t.spec(), settings, t.owner());
    }

    @Override
    public void retarget(RunSpec template, String owner) {
        this.target = new Target(template.withResume(null), owner);
    }

    @Override
    public LiveAgent launch() throws InterruptedException {
        String id = "warm-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Target t = target;
        LaunchKey key = LiveAgentStage.keyOf(t.spec(), settings, t.owner());
        WorkspaceManager.Pooled pooled = workspaces.preparePooled(id);
        SessionWorkspace ws = pooled.workspace();
        Runnable discard = () -> workspaces.deletePooled(ws.sessionDir());
        ModelGateway gateway;
        SandboxHandle handle;
        try {
            PrepareWorkspaceStage.linkClaudeData(ws);
            gateway = StartGatewayStage.open(sandboxes, settings, id);
        } catch (RuntimeException e) {
            discard.run();
            throw e;
        }
        try {
            handle = sandboxes.start(StartSandboxStage.sandboxSpec(id, settings, ws, gateway,
                    StartSandboxStage.command(t.spec(), settings), settings.runTimeout().plus(live.warmIdle())));
        } catch (RuntimeException e) {
            gateway.close();
            discard.run();
            throw e;
        }
        handle.background(true); // until it is ready: runs users wait for go first
        RelayPermissionHandler permissions = new RelayPermissionHandler();
        ClaudeCliSession cli = DriveCliStage.session(handle, settings, permissions, id);
        LiveAgent agent = new LiveAgent(id, key, gateway, handle, cli, permissions, ws, pooled.head(), discard);
        try {
            cli.start();
        } catch (InterruptedException | RuntimeException e) {
            agent.close();
            throw e;
        }
        warmUp(agent);
        handle.background(false); // a run it serves competes as any other
        return agent;
    }

    /**
     * Lets the CLI prepare its first turn ahead ({@link ClaudeCliSession#warmUp()}), its token counts answered by the
     * gateway. Best effort: an agent that did not warm up is still a correct one, only its first turn is slower.
     */
    private static void warmUp(LiveAgent agent) throws InterruptedException {
        agent.gateway().countTokensLocally(true);
        try {
            agent.cli().warmUp();
        } catch (RuntimeException e) {
            log.info("Warm agent {} did not warm up its first turn ({}); it serves as it is", agent.id(),
                    e.getMessage());
        } finally {
            agent.gateway().countTokensLocally(false);
        }
    }
}
