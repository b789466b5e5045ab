package dev.poco.runner.claude.error;

import org.jspecify.annotations.Nullable;

/**
 * Root of everything the Claude Code driver throws. Catch this to handle any CLI failure; catch a subclass to
 * branch on what went wrong.
 */
public class CliException extends RuntimeException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
