package dev.poco.runner.claude;

import dev.poco.runner.claude.error.CliResultException;
import dev.poco.runner.claude.message.ResultMessage;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How one turn ended: the CLI's {@code result} message and the process's exit.
 *
 * <p>A turn {@link #failed()} when the result has {@code is_error} true (even with subtype {@code success}, as after
 * an API error) or a subtype other than {@code success} (an interrupt gives {@code error_during_execution}). The CLI
 * exits 1 after such a result, 0 after a successful one.
 *
 * @param result the {@code result} message
 * @param sessionId the CLI session id, for {@code --resume}
 * @param exitCode the exit code, or null when the CLI had not exited within the session's exit timeout, or when the
 *     turn kept the process for another ({@link ClaudeCliSession#runLiveTurn})
 * @param stderrTail the end of the CLI's stderr
 */
public record TurnResult(ResultMessage result, String sessionId, @Nullable Integer exitCode, String stderrTail) {

    public boolean failed() {
        return result.failed();
    }

    public OptionalInt exit() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** The failure as an exception (for callers that want to throw); meaningful only when {@link #failed()}. */
    public CliResultException toException() {
        return new CliResultException("Claude Code turn failed", result.subtype(), result.terminalReason(),
                result.apiErrorStatus(), sessionId, exitCode, stderrTail);
    }

    /**
     * Returns this result if the turn succeeded.
     *
     * @throws CliResultException if it failed
     */
    public TurnResult orThrow() {
        if (failed()) {
            throw toException();
        }
        return this;
    }
}
