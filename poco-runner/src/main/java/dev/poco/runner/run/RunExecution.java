package dev.poco.runner.run;

import java.util.UUID;

/**
 * One claimed run end to end (DESIGN.md §4): its {@link RunContext} driven through the stages of
 * {@link RunPipelineFactory}. Failures before the agent starts are reported with {@code /fail};
 * afterwards the terminal callback carries them. {@link #execute()} blocks until the run is over;
 * {@link #abort} may be called from any thread.
 */
public final class RunExecution {

    private final RunContext context;
    private final RunPipeline pipeline;

    RunExecution(RunContext context, RunPipeline pipeline) {
        this.context = context;
        this.pipeline = pipeline;
    }

    public UUID runId() {
        return context.runId();
    }

    /** Stops the run from this side (runner shutdown): interrupts the CLI, kills the sandbox later. */
    public void abort(String why) {
        context.abort(why);
    }

    public void execute() {
        pipeline.execute(context);
    }
}
