package dev.poco.runner.claude.error;

import org.jspecify.annotations.Nullable;

/**
 * The turn ended with a {@code result} message that reports failure: {@code is_error} true (which counts as failure
 * even when {@code subtype} is {@code success}, e.g. an API error 529 after retries) or a subtype other than
 * {@code success} (e.g. {@code error_during_execution} after an interrupt). Subclasses
 * {@link CliProcessException} so a handler for process failures also catches it.
 */
public class CliResultException extends CliProcessException {

    private final String subtype;
    private final @Nullable String terminalReason;
    private final @Nullable Integer apiErrorStatus;
    private final @Nullable String sessionId;

    public CliResultException(String message, String subtype, @Nullable String terminalReason,
            @Nullable Integer apiErrorStatus, @Nullable String sessionId, @Nullable Integer exitCode,
            String stderrTail) {
        super(message + " (subtype " + subtype + ", terminal_reason " + terminalReason
                + (apiErrorStatus == null ? "" : ", api_error_status " + apiErrorStatus) + ")",
                exitCode, stderrTail);
        this.subtype = subtype;
        this.terminalReason = terminalReason;
        this.apiErrorStatus = apiErrorStatus;
        this.sessionId = sessionId;
    }

    /** The result subtype: {@code success}, {@code error_during_execution}, {@code error_max_turns}, … */
    public String subtype() {
        return subtype;
    }

    /** Why the turn ended: {@code completed}, {@code aborted_streaming}, {@code aborted_tools}, … (null if absent). */
    public @Nullable String terminalReason() {
        return terminalReason;
    }

    /** The HTTP status of the model API error that ended the turn, if any. */
    public @Nullable Integer apiErrorStatus() {
        return apiErrorStatus;
    }

    /** The CLI session id, usable with {@code --resume}. */
    public @Nullable String sessionId() {
        return sessionId;
    }
}
