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
import dev.poco.runner.sandbox.SandboxHandle;
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
 */
final class DriveCliStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(DriveCliStage.class);

    private final WorkspaceManager workspaces;

    DriveCliStage(WorkspaceManager workspaces) {
        this.workspaces = workspaces;
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
        try {
            ClaudeCliSession session = new ClaudeCliSession(new StreamCliTransport(CliProcess.of(handle.stdin(),
                    handle.stdout(), handle.stderr(), handle.exit(), handle::stop, handle.id()),
                    StreamCliTransport.Options.defaults().withMaxLineBytes(settings.maxCliLineBytes())
                            .withStderrLineConsumer(line -> log.debug("run {} stderr: {}", ctx.runId(), line))),
                    policy);
            ctx.cli(session);
            if (ctx.canceled()) {
                return;
            }
            TurnResult turn = session.runTurn(Prompts.decorate(spec.prompt(), ctx.stagedInputs()),
                    new PocoMessageListener(message -> onMessage(message, state, reporter)));
            // A limit hit since the watchdog's last look (a big write just before the turn ended) fails the run too.
            String limitHit = handle.enforceLimits().map(r -> RunOutcomes.limitMessage(r, settings)).orElse(null);
            // A rejected plan interrupts the turn, which the CLI reports as an error; the user chose it.
            boolean failed = limitHit != null || (turn.failed() && !policy.planRejected());
            finishing(ctx);
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
        } catch (RuntimeException e) {
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, e), e);
        }
    }

    @Override
    public void finish(RunContext ctx) {
        ClaudeCliSession session = ctx.cli();
        if (session != null) {
            try {
                session.close();
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
