package dev.poco.runner.run;

/**
 * One step of a run ({@link RunPipeline}): prepare the workspace, stage inputs, open the gateway,
 * start the sandbox, drive the CLI, and so on. A new feature (capabilities, repository clone,
 * network policy) is a new stage added in {@link RunPipelineFactory}, not an edit to another one.
 *
 * <p>Stages hold no per-run state: what a stage produces goes into the {@link RunContext}, which
 * later stages read. Its methods run on the run's thread and may block.
 */
public interface RunStage {

    /**
     * Starts, before the first stage runs, reads this stage's {@link #run} will wait for, on a thread of their own
     * ({@link RunContext#background}), so that they overlap the stages before it instead of adding to the time before
     * the agent gets the prompt. Only reads without effects: the run may end before this stage is reached, and then
     * its background work is cancelled and dropped. Must not block or throw.
     */
    default void prepare(RunContext ctx) {}

    /**
     * Does the step. Throws {@link StageFailure} to end the run with that outcome; any other
     * exception ends it as a runner failure ({@code /fail}). Later stages do not run either way.
     */
    void run(RunContext ctx) throws InterruptedException;

    /**
     * Releases or completes what {@link #run} began. Called once the forward pass is over, in
     * reverse order, for every stage whose {@code run} was entered (also when it threw), whatever
     * the outcome; {@link RunContext#outcome()} is final by then. Must not throw.
     */
    default void finish(RunContext ctx) {}

    /** The stage's name in logs. */
    default String name() {
        return getClass().getSimpleName();
    }
}
