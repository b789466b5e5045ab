package dev.poco.runner.claude.error;

import java.time.Duration;

/** The CLI did not answer a control request ({@code initialize}, {@code interrupt}, …) in time. */
public class ControlTimeoutException extends CliException {

    private final String subtype;
    private final Duration timeout;

    public ControlTimeoutException(String subtype, Duration timeout) {
        super("Claude Code did not answer control request '" + subtype + "' within " + timeout.toMillis() + " ms");
        this.subtype = subtype;
        this.timeout = timeout;
    }

    /** The subtype of the unanswered request. */
    public String subtype() {
        return subtype;
    }

    public Duration timeout() {
        return timeout;
    }
}
