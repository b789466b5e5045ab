package dev.poco.protocol.permissions;

/** A rule that is not Claude Code syntax, or that could never match a tool call; the message says which and why. */
public final class InvalidRuleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    InvalidRuleException(String message) {
        super(message);
        this.reason = message;
    }

    @Override
    public String getMessage() {
        return reason;
    }
}
