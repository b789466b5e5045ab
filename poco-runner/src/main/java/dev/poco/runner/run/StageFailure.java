package dev.poco.runner.run;

/** Thrown by a {@link RunStage} to end the run early with {@link #outcome()}. */
public final class StageFailure extends RuntimeException {

    private final RunOutcome outcome;

    public StageFailure(RunOutcome outcome, @org.jspecify.annotations.Nullable Throwable cause) {
        super(outcome.describe(), cause, false, false);
        this.outcome = outcome;
    }

    public StageFailure(RunOutcome outcome) {
        this(outcome, null);
    }

    public RunOutcome outcome() {
        return outcome;
    }
}
