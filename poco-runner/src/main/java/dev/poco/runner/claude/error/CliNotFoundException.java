package dev.poco.runner.claude.error;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The Claude Code binary is missing, not executable, or not the pinned version. The message always says how to fix
 * it (which command installs the right version where).
 */
public class CliNotFoundException extends CliException {

    private final @Nullable Path path;

    public CliNotFoundException(String message, @Nullable Path path) {
        super(message);
        this.path = path;
    }

    public CliNotFoundException(String message, @Nullable Path path, @Nullable Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The path that was checked, if any. */
    public @Nullable Path path() {
        return path;
    }
}
