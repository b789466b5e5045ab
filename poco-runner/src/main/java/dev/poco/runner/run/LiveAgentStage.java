package dev.poco.runner.run;

import dev.poco.protocol.PermissionMode;
import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.protocol.spec.Resume;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.claude.ClaudeCommand;
import dev.poco.runner.live.LaunchKey;
import dev.poco.runner.live.LiveAgent;
import dev.poco.runner.live.LiveAgents;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.WorkspaceException;
import dev.poco.runner.workspace.WorkspaceManager;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how the run gets its CLI (issue 12) and logs it in one line: <b>hot</b> (the session's agent kept from the
 * run before), <b>warm</b> (a pooled agent, for a new session), or <b>cold</b> (the stages after start one, as before
 * live agents), with the reason a candidate was refused. When it finishes — after the result snapshot and export,
 * before the server hears of the end, so the session's next run finds it — it parks a cleanly completed run's agent
 * as the session's hot agent, or closes it.
 *
 * <p><b>When a hot agent may serve a run.</b> The run must provably continue the very conversation the agent holds,
 * with nothing in between: the run resumes the conversation id the CLI reported ({@code --resume} would name the same
 * one), the claim's {@code previous_run_id} is the run the agent served (a regenerate or edit deletes that run; a run
 * on another runner, a canceled or failed one would come in between), its user message is newer than that run's,
 * its {@link LaunchKey} is the agent's (model, permission mode, capabilities, network, CLI build), it has no
 * attachments to stage (they are written host-side into a workspace whose sandbox is alive), and the agent's process
 * is alive. Anything else — cancel, branch (another session), edit, regenerate, a runner restart, an evicted agent —
 * closes the hot agent (stdin first, so its transcript is complete) and starts cold with {@code --resume}.
 *
 * <p><b>When a warm agent may serve a run.</b> A new conversation (no resume) of a session that has no workspace yet,
 * whose key equals the pool's. Its pooled workspace is renamed into the session's place ({@link
 * WorkspaceManager#adopt}).
 *
 * <p>On both paths the run's base tag names the commit the agent's workspace is at (the previous run's result commit,
 * or the pooled {@code poco:init} commit) and is written with the result snapshot ({@link RunContext#deferredBase()}):
 * no git runs between the claim and the first user message.
 */
final class LiveAgentStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(LiveAgentStage.class);
    /** A parked agent's sandbox ends by itself this long after its idle time, should housekeeping miss it. */
    private static final Duration PARKED_SLACK = Duration.ofMinutes(1);

    private final LiveAgents agents;
    private final WorkspaceManager workspaces;

    LiveAgentStage(LiveAgents agents, WorkspaceManager workspaces) {
        this.agents = agents;
        this.workspaces = workspaces;
    }

    /** The key of the CLI a run of {@code spec} starts (what {@link StartSandboxStage} would launch). */
    static LaunchKey keyOf(RunSpec spec, RunnerSettings settings, String owner) {
        ClaudeCommand command = StartSandboxStage.command(spec.withResume(null), settings);
        return new LaunchKey(owner, LaunchKey.cliBuild(settings.claudeBinary()), command.argv(),
                StartSandboxStage.cliEnvironment(), spec.capabilities(), spec.network(), spec.repository(),
                spec.browser());
    }

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        if (!agents.settings().hotEnabled() && !agents.settings().warmEnabled()) {
            return; // live agents are off: no line per run either
        }
        String ineligible = ineligible(ctx);
        if (ineligible != null) {
            LiveAgent hot = agents.takeHot(ctx.sessionId());
            if (hot != null) {
                hot.close(); // before a cold --resume reads the transcript it completes
            }
            // no launch key: the run's CLI is not kept for the next run either
            log.info("Run {} takes the cold path: {}", ctx.runId(), ineligible);
            return;
        }
        LaunchKey key = keyOf(ctx.spec(), ctx.settings(), ctx.userId());
        ctx.launchKey(key);
        String why = agents.settings().hotEnabled() ? "no hot agent for the session" : "hot sessions are off";
        LiveAgent hot = agents.takeHot(ctx.sessionId());
        if (hot != null) {
            String refused = hotRefusal(ctx, hot, key);
            if (refused == null) {
                use(ctx, hot);
                log.info("Run {} takes the hot path: session {} continues on {}", ctx.runId(), ctx.sessionId(), hot);
                return;
            }
            why = "hot agent refused: " + refused;
            hot.close(); // before a cold --resume reads the transcript it completes
        }
        if (ctx.spec().resume() == null) {
            why = warm(ctx, key);
            if (why == null) {
                return;
            }
        }
        log.info("Run {} takes the cold path: {}", ctx.runId(), why);
    }

    /**
     * Why no live agent may serve this run or be kept after it, or null. Pooled and hot CLIs are started without a
     * run's staging: the skills, commands, subagents and CLAUDE.md it would write, the MCP servers and plugins it
     * would pass, the permission rules it would set. Rather than hand such a run a CLI configured otherwise, it starts
     * cold (issue 12: "fall back to a cold start, never to a wrong configuration").
     */
    private static @Nullable String ineligible(RunContext ctx) {
        if (!ctx.permissionRules().isEmpty()) {
            return "the run has permission rules, which live agents do not carry yet";
        }
        if (!(ctx.spec().network() instanceof NetworkPolicy.None)) {
            return "the run has network through an egress gate, which live agents do not carry yet";
        }
        if (!ctx.spec().localFolders().isEmpty()) {
            return "the run has local folders, which live agents do not carry";
        }
        if (!ctx.resolvedConfig().stagesNothing()) {
            return "the run stages skills, plugins, MCP servers, commands, subagents or CLAUDE.md, which live agents"
                    + " do not carry yet";
        }
        return null;
    }

    /** Takes a pooled agent for the run; the reason when there is none. */
    private @Nullable String warm(RunContext ctx, LaunchKey key) {
        SessionWorkspace target = workspaces.layout(ctx.userId(), ctx.sessionId());
        if (Files.exists(target.sessionDir(), LinkOption.NOFOLLOW_LINKS)) {
            return "warm agent refused: the session already has a workspace";
        }
        LiveAgents.Pick pick = agents.takeWarm(key);
        LiveAgent agent = pick.agent();
        if (agent == null) {
            if (!key.equals(agents.warmKey())) {
                agents.retarget(ctx.spec(), ctx.userId()); // the next new session like this one finds an agent
            }
            return "warm agent refused: " + pick.reason();
        }
        try {
            agent.adopted(workspaces.adopt(agent.workspace(), ctx.userId(), ctx.sessionId()));
        } catch (WorkspaceException e) {
            agent.close();
            return "warm agent refused: " + e.getMessage();
        }
        use(ctx, agent);
        log.info("Run {} takes the warm path: {} serves new session {}", ctx.runId(), agent, ctx.sessionId());
        return null;
    }

    /** Why {@code hot} cannot serve this run, or null when it can (see the class comment). */
    private static @Nullable String hotRefusal(RunContext ctx, LiveAgent hot, LaunchKey key) {
        LiveAgent.Served served = hot.served();
        Resume resume = ctx.spec().resume();
        if (served == null || hot.baseCommit() == null) {
            return "it served no completed run";
        }
        if (resume == null) {
            return "the run starts a new conversation (edit, or a fresh thread)";
        }
        if (!resume.sdkSessionId().equals(served.sdkSessionId())) {
            return "the run resumes another conversation";
        }
        if (!Objects.equals(ctx.claim().previousRunId(), served.runId())) {
            return "the run does not directly follow the agent's run " + served.runId() + " (previous run "
                    + ctx.claim().previousRunId() + ": regenerate, edit, or a run elsewhere in between)";
        }
        if (ctx.claim().run().userMessageId() <= served.userMessageId()) {
            return "the run is not for a newer message (regenerate or edit)";
        }
        if (!key.equals(hot.key())) {
            return "the run's " + key.differenceFrom(hot.key()) + " differs";
        }
        if (!ctx.spec().inputFiles().isEmpty()) {
            return "the run has attachments to stage";
        }
        if (!hot.alive()) {
            return "its process ended";
        }
        return null;
    }

    private static void use(RunContext ctx, LiveAgent agent) {
        ctx.live(agent);
        ctx.launchKey(agent.key());
        ctx.gateway(agent.gateway());
        ctx.usageBaseline(agent.gateway().meteredUsage());
        ctx.sandbox(agent.sandbox());
        ctx.cli(agent.cli());
        ctx.deferredBase(agent.baseCommit());
        agent.sandbox().restartWallClock(ctx.settings().runTimeout());
    }

    /** Whether the CLI of a run with this spec may be kept for the next one (it changes its own mode in plan mode). */
    static boolean keepable(RunSpec spec, LiveAgents agents) {
        return agents.settings().hotEnabled() && spec.permissionMode() != PermissionMode.PLAN;
    }

    @Override
    public void finish(RunContext ctx) {
        LiveAgent agent = ctx.live();
        if (agent == null) {
            return;
        }
        String commit = ctx.resultCommit();
        String sdkSession = ctx.cli() == null ? null : Objects.requireNonNull(ctx.cli()).sessionId();
        if (ctx.keepAlive() && !ctx.canceled() && commit != null && sdkSession != null) {
            agent.completed(new LiveAgent.Served(ctx.sessionId(), ctx.runId(), ctx.claim().run().userMessageId(),
                    sdkSession), commit);
            agent.sandbox().restartWallClock(agents.settings().hotIdle().plus(PARKED_SLACK));
            if (agents.park(agent)) {
                log.debug("Run {}: {} kept for session {}", ctx.runId(), agent, ctx.sessionId());
            }
            return;
        }
        agent.close();
    }
}
