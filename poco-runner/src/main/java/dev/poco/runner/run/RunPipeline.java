package dev.poco.runner.run;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets every stage start its background reads ({@link RunStage#prepare}), runs a run's stages in order, then
 * finishes every stage that was entered in reverse order, like nested try-with-resources. A stage that throws
 * {@link StageFailure} sets the run's outcome and skips the stages after it; any other exception is a runner failure,
 * reported with {@code /fail} as before the agent starts. The stages themselves decide everything else
 * (reporting, snapshots), so the pipeline knows no stage by name.
 */
public final class RunPipeline {

    private static final Logger log = LoggerFactory.getLogger(RunPipeline.class);

    private final List<RunStage> stages;

    public RunPipeline(List<RunStage> stages) {
        this.stages = List.copyOf(stages);
    }

    public List<RunStage> stages() {
        return stages;
    }

    /**
     * Blocks until the run is over and every entered stage finished. Logs one line with the time
     * each stage took (run, and finish when it took any), as poco's executor manager logs a timing
     * record per dispatch step.
     */
    public void execute(RunContext ctx) {
        List<RunStage> entered = new ArrayList<>();
        StringJoiner timings = new StringJoiner(", ");
        try {
            for (RunStage stage : stages) {
                try {
                    stage.prepare(ctx);
                } catch (RuntimeException e) { // its run() then does the work itself
                    log.warn("{} could not start its reads ahead for run {}", stage.name(), ctx.runId(), e);
                }
            }
            for (RunStage stage : stages) {
                entered.add(stage);
                long start = System.nanoTime();
                try {
                    stage.run(ctx);
                } finally {
                    timings.add(stage.name() + " " + millisSince(start) + " ms");
                }
            }
        } catch (StageFailure failure) {
            ctx.outcome(failure.outcome());
            log.debug("Run {} ended in {}: {}", ctx.runId(), entered.isEmpty() ? "preparing" : entered.getLast().name(),
                    failure.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.outcome(new RunOutcome.Unreported("failed interrupted"));
        } catch (RuntimeException e) {
            log.error("Run {} failed in the runner ({})", ctx.runId(),
                    entered.isEmpty() ? "preparing" : entered.getLast().name(), e);
            ctx.outcome(new RunOutcome.NotStarted("The runner failed: " + e.getMessage()));
        } finally {
            ctx.cancelBackground();
            for (RunStage stage : entered.reversed()) {
                long start = System.nanoTime();
                try {
                    stage.finish(ctx);
                } catch (RuntimeException e) {
                    log.error("Finishing {} of run {} failed", stage.name(), ctx.runId(), e);
                }
                long took = millisSince(start);
                if (took > 0) {
                    timings.add("finish " + stage.name() + " " + took + " ms");
                }
            }
            log.info("Run {} ended ({}); stages: {}", ctx.runId(), ctx.outcomeLabel(), timings);
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
