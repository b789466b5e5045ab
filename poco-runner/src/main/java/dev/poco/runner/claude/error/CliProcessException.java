package dev.poco.runner.claude.error;

import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The CLI process failed: it exited (or its output ended) without the expected message, or its stdin could not be
 * written. Carries the exit code when the process had exited, and the tail of its stderr for the run log.
 */
public class CliProcessException extends CliException {

    private final @Nullable Integer exitCode;
    private final String stderrTail;

    public CliProcessException(String message, @Nullable Integer exitCode, String stderrTail) {
        this(message, exitCode, stderrTail, null);
    }

    public CliProcessException(String message, @Nullable Integer exitCode, String stderrTail,
            @Nullable Throwable cause) {
        super(describe(message, exitCode, stderrTail), cause);
        this.exitCode = exitCode;
        this.stderrTail = stderrTail;
    }

    /** The exit code, or empty when the process had not exited (or the exit was not awaited). */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }

    /** The last bytes the CLI wrote to stderr (bounded, may be empty). */
    public String stderrTail() {
        return stderrTail;
    }

    private static String describe(String message, @Nullable Integer exitCode, String stderrTail) {
        var sb = new StringBuilder(message);
        if (exitCode != null) {
            sb.append(" (exit code ").append(exitCode).append(')');
        }
        String tail = stderrTail.strip();
        if (!tail.isEmpty()) {
            // Only the last line or so goes into the message; the whole tail stays in the field.
            sb.append("; stderr: ").append(tail.length() > 500 ? "…" + tail.substring(tail.length() - 500) : tail);
        }
        return sb.toString();
    }
}
