package dev.poco.runner.run;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.RunnerSettings;
import dev.poco.runner.claude.ClaudeCliSession;
import dev.poco.runner.claude.TurnResult;
import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.transport.CliProcess;
import dev.poco.runner.claude.transport.StreamCliTransport;
import dev.poco.runner.messages.PocoMessage;
import dev.poco.runner.messages.PocoMessageListener;
import dev.poco.runner.report.CallbackReporter;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.live.LaunchKey;
import dev.poco.runner.live.LiveAgent;
import dev.poco.runner.live.LiveAgents;
import dev.poco.runner.live.RelayPermissionHandler;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxStatus;
import dev.poco.runner.workspace.WorkspaceManager;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the agent's turn: the decorated prompt in, every message out to the server with the
 * agent state, questions and plan approvals through {@link PermissionPolicy}. Decides the run's
 * outcome: completed, failed (with Claude Code's error, or the limit the sandbox hit), or
 * plan-rejected (the user's choice, reported as completed). The final agent state is read here,
 * before the result snapshot commits the changes it lists.
 *
 * <p>The prompt goes out once the CLI answered {@code initialize} and the run's base snapshot is done
 * (it runs while the CLI starts). On a live agent the CLI is past {@code initialize} already and the
 * prompt is the next user message on its stdin. When hot sessions are on (and the run is not in plan
 * mode, where the CLI switches its own mode), the turn leaves the process running; a run that
 * completed cleanly — not failed, canceled, plan-rejected or over a limit — keeps it for the
 * session's next run ({@link RunContext#keepAlive()}, parked by {@link LiveAgentStage}). Any other
 * run ends the process as before: stdin closed, so the CLI completes its transcript for a later
 * {@code --resume}.
 */
final class DriveCliStage implements RunStage {

    /** How long the run's end waits for browser screenshots still uploading (poco waits 15 s). */
    private static final java.time.Duration SCREENSHOT_WAIT = java.time.Duration.ofSeconds(15);

    private static final Logger log = LoggerFactory.getLogger(DriveCliStage.class);

    private final WorkspaceManager workspaces;
    private final LiveAgents agents;

    DriveCliStage(WorkspaceManager workspaces, LiveAgents agents) {
        this.workspaces = workspaces;
        this.agents = agents;
    }

    /** A CLI session over the sandbox's pipes, its permission requests going to {@code permissions}. */
    static ClaudeCliSession session(SandboxHandle handle, RunnerSettings settings, ToolPermissionHandler permissions,
            String label) {
        return new ClaudeCliSession(new StreamCliTransport(CliProcess.of(handle.stdin(), handle.stdout(),
                handle.stderr(), handle.exit(), handle::stop, handle.id()),
                StreamCliTransport.Options.defaults().withMaxLineBytes(settings.maxCliLineBytes())
                        .withStderrLineConsumer(line -> log.debug("{} stderr: {}", label, line))),
                permissions);
    }

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        RunSpec spec = ctx.spec();
        RunnerSettings settings = ctx.settings();
        StateReporter state = new StateReporter(workspaces, ctx.workspace());
        ctx.state(state);
        PermissionPolicy policy = new PermissionPolicy(ctx.server(), ctx.sessionId(), spec.permissionMode(),
                ctx.permissionRules(), settings.questionTimeout(), settings.planTimeout());
        SandboxHandle handle = ctx.sandbox();
        CallbackReporter reporter = ctx.reporter();
        LiveAgent live = ctx.live();
        RelayPermissionHandler permissions = live != null ? live.permissions() : new RelayPermissionHandler();
        permissions.serve(policy);
        boolean keepable = LiveAgentStage.keepable(spec, agents);
        try {
            ClaudeCliSession session = ctx.cli();
            if (session == null) {
                session = session(handle, settings, permissions, "run " + ctx.runId());
                ctx.cli(session);
            }
            if (ctx.canceled()) {
                return;
            }
            session.start();
            PrepareWorkspaceStage.awaitBaseSnapshot(ctx);
            if (ctx.canceled()) {
                return;
            }
            String prompt = Prompts.decorate(spec.prompt(), ctx.stagedInputs(), ctx.folders());
            BrowserScreenshots screenshots = spec.browser().enabled()
                    ? new BrowserScreenshots(ctx.server(), ctx.sessionId()) : null;
            PocoMessageListener listener = new PocoMessageListener(message -> {
                ctx.toolUses().follow(message.message());
                if (screenshots != null) {
                    screenshots.follow(message.message());
                }
                onMessage(message, state, reporter);
            });
            TurnResult turn = keepable ? session.runLiveTurn(prompt, listener) : session.runTurn(prompt, listener);
            if (screenshots != null) {
                screenshots.await(SCREENSHOT_WAIT);
            }
            // A limit hit since the watchdog's last look (a big write just before the turn ended) fails the run too.
            String limitHit = handle.enforceLimits().map(r -> RunOutcomes.limitMessage(r, settings)).orElse(null);
            // A rejected plan interrupts the turn, which the CLI reports as an error; the user chose it.
            boolean failed = limitHit != null || (turn.failed() && !policy.planRejected());
            finishing(ctx);
            if (keepable && !failed && !policy.planRejected() && !ctx.canceled() && session.reusable()
                    && handle.status() == SandboxStatus.RUNNING) {
                keep(ctx, session, permissions);
            }
            String label = failed ? "failed" : policy.planRejected() ? "plan-rejected" : "completed";
            ctx.outcome(ctx.canceled() ? new RunOutcome.Unreported(label)
                    : new RunOutcome.Finished(failed ? CallbackStatus.FAILED : CallbackStatus.COMPLETED,
                            state.progress(), state.finalState(),
                            limitHit != null ? limitHit : failed ? describe(turn) : null, label));
        } catch (CliException e) {
            finishing(ctx);
            String label = "failed " + e.getClass().getSimpleName();
            if (ctx.canceled()) {
                ctx.outcome(new RunOutcome.Unreported(label));
                return;
            }
            String why = handle.enforceLimits().map(r -> RunOutcomes.limitMessage(r, settings))
                    .orElse("Claude Code stopped unexpectedly: " + e.getMessage());
            ctx.outcome(new RunOutcome.Finished(CallbackStatus.FAILED, state.progress(), state.finalState(), why,
                    label));
        } catch (StageFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, e), e);
        }
    }

    /** The run's CLI stays for the session's next run; a cold run's parts become a live agent. */
    private static void keep(RunContext ctx, ClaudeCliSession session, RelayPermissionHandler permissions) {
        LaunchKey key = ctx.launchKey();
        if (key == null) {
            return;
        }
        if (ctx.live() == null) {
            ctx.live(new LiveAgent("session-" + ctx.sessionId(), key, ctx.gateway(), ctx.sandbox(), session,
                    permissions, ctx.workspace(), null, null));
        }
        ctx.keepAlive(true);
    }

    @Override
    public void finish(RunContext ctx) {
        ClaudeCliSession session = ctx.cli();
        if (session != null && !ctx.keepAlive()) {
            try {
                session.closeGracefully();
            } catch (RuntimeException e) {
                log.warn("Closing the Claude Code session of run {} failed: {}", ctx.runId(), e.getMessage());
            }
        }
    }

    /** The run is ending on its own: from now on no heartbeat or watch answer cancels it. */
    private static void finishing(RunContext ctx) {
        RunLease lease = ctx.lease();
        if (lease != null) {
            lease.finishing();
        }
    }

    private static void onMessage(PocoMessage message, StateReporter state, CallbackReporter reporter) {
        AgentState current = state.update(message);
        reporter.report(message.poco(), current, message.progress());
    }

    private static String describe(TurnResult turn) {
        var result = turn.result();
        @Nullable String text = result.result() != null && !result.result().isBlank() ? result.result()
                : result.subtype();
        return "Claude Code reported an error: " + text;
    }
}
