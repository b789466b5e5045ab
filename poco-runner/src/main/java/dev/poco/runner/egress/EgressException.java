package dev.poco.runner.egress;

/** The egress gate could not be opened. */
public final class EgressException extends RuntimeException {

    public EgressException(String message, Throwable cause) {
        super(message, cause);
    }
}
