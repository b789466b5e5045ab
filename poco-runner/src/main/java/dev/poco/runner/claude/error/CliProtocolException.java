package dev.poco.runner.claude.error;

import org.jspecify.annotations.Nullable;

/**
 * The CLI broke the stream-json protocol: a line that starts with {@code {} but is not JSON, a line above the size
 * cap, or a control request answered with an error. The offending line (truncated for huge lines) is kept.
 */
public class CliProtocolException extends CliException {

    private final @Nullable String line;

    public CliProtocolException(String message, @Nullable String line) {
        this(message, line, null);
    }

    public CliProtocolException(String message, @Nullable String line, @Nullable Throwable cause) {
        super(message, cause);
        this.line = line;
    }

    /** The offending line (at most the first 4 KiB of it), or null when the failure is not tied to one line. */
    public @Nullable String line() {
        return line;
    }
}
