package dev.poco.runner.run;

import org.jspecify.annotations.Nullable;

/** Thrown by a {@link RunStage} to end the run early with {@link #outcome()}. */
public final class StageFailure extends RuntimeException {

    private final RunOutcome outcome;

    public StageFailure(RunOutcome outcome, @Nullable Throwable cause) {
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
