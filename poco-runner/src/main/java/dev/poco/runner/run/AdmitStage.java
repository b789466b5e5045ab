package dev.poco.runner.run;

import dev.poco.protocol.AgentState;
import dev.poco.runner.admission.Admission;
import dev.poco.runner.admission.HostBudget;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Takes the run's slot in the host's budget ({@link HostBudget}) before its CLI starts. While the host
 * is full the run waits in line and its session says so ("Waiting for a free slot on runner …"); a
 * run canceled while it waits ends without starting anything. The start slot goes back once the CLI
 * sent its first model request (it is past its start-up), the live-session slot once its sandbox is
 * gone: this stage comes right after the gateway and before the sandbox, so it finishes right after
 * the sandbox does. A run on a live agent takes nothing: its CLI already runs.
 */
final class AdmitStage implements RunStage {

    private final HostBudget budget;

    AdmitStage(HostBudget budget) {
        this.budget = budget;
    }

    @Override
    public void run(RunContext ctx) throws InterruptedException {
        if (ctx.live() != null) {
            // A warm or hot CLI: started already, so there is no start to wait for, and it was alive before this run
            // (live agents are bounded by the pool size and the hot-session limits, not by this budget). Queuing it
            // behind cold starts held 50 warm runs to two at a time (./poco bench wave with a pool of 50).
            return;
        }
        String runner = ctx.settings().workerId();
        boolean[] waited = {false};
        Optional<Admission> admission = budget.admit("Run " + ctx.runId(), new HostBudget.Waiting() {
            @Override
            public void waiting(int ahead, HostBudget.Limit limit) {
                waited[0] = true;
                ctx.reporter().report(null, step(waitingMessage(runner, ahead)), 0);
            }

            @Override
            public boolean abandoned() {
                return ctx.canceled();
            }
        });
        if (admission.isEmpty()) {
            throw new StageFailure(new RunOutcome.Unreported("canceled while waiting for a slot"));
        }
        ctx.admission(admission.get());
        ctx.gateway().onFirstRequest(admission.get()::started);
        if (waited[0]) {
            ctx.reporter().report(null, step(null), 0); // the wait is over: the step no longer says so
        }
    }

    @Override
    public void finish(RunContext ctx) {
        Admission admission = ctx.admissionOrNull();
        if (admission != null) {
            admission.close();
        }
    }

    /** What the user sees while the run waits. */
    static String waitingMessage(String runner, int ahead) {
        return "Waiting for a free slot on runner " + runner + " ("
                + (ahead == 0 ? "next in line" : ahead + (ahead == 1 ? " run" : " runs") + " ahead") + ")";
    }

    private static AgentState step(@Nullable String currentStep) {
        return new AgentState(List.of(), List.of(), null, null, currentStep);
    }
}
