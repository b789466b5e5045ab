package dev.poco.runner.sandbox;

/** Root of the sandbox package's exceptions. Unchecked: callers catch it only to add context or translate. */
public class SandboxException extends RuntimeException {

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
