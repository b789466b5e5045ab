package dev.poco.runner.run;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.CallbackStatus;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a run ended, and so how it is reported ({@link ReportStage}) and labelled in its result
 * snapshot ({@link ExportWorkspaceStage}). A canceled run is reported by nobody, whatever its
 * outcome: the server already knows.
 */
public sealed interface RunOutcome {

    /** The word(s) after the run id in the result commit, e.g. {@code completed} or {@code failed CliProcessException}. */
    String label();

    /** For logs. */
    String describe();

    /** The agent never got going: the run fails through {@code POST /runs/{id}/fail}. */
    record NotStarted(String error) implements RunOutcome {
        @Override
        public String label() {
            return "failed";
        }

        @Override
        public String describe() {
            return error;
        }
    }

    /** Reported with the terminal callback. */
    record Finished(CallbackStatus status, int progress, @Nullable AgentState state, @Nullable String error,
            String label) implements RunOutcome {
        @Override
        public String describe() {
            return status.name().toLowerCase(Locale.ROOT) + (error == null ? "" : ": " + error);
        }
    }

    /** Nothing to report (the run did not start, was stopped before the turn, or the runner was interrupted). */
    record Unreported(String label) implements RunOutcome {
        @Override
        public String describe() {
            return label;
        }
    }

    /** The outcome until a stage decides otherwise. */
    RunOutcome UNDECIDED = new Unreported("failed");
}
