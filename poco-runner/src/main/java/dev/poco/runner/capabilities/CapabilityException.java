package dev.poco.runner.capabilities;

/**
 * A run's capabilities cannot be staged for a reason the user can fix (a missing secret, a broken package): the
 * message is shown to them as the run's error, so it names the item and what to do, and never holds a secret value.
 */
public final class CapabilityException extends RuntimeException {

    public CapabilityException(String message) {
        super(message);
    }

    public CapabilityException(String message, Throwable cause) {
        super(message, cause);
    }
}
