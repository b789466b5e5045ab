package dev.poco.protocol.permissions;

/** A rule that is not Claude Code syntax, or that could never match a tool call; the message says which and why. */
public final class InvalidRuleException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidRuleException(String message) {
        super(message);
    }
}
