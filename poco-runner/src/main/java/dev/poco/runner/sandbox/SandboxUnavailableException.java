package dev.poco.runner.sandbox;

/**
 * The sandbox technology cannot be used on this machine at all (tool missing, user namespaces disabled). The
 * message names the fix, for example {@code apt-get install bubblewrap}.
 */
public class SandboxUnavailableException extends SandboxException {

    public SandboxUnavailableException(String message) {
        super(message);
    }

    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
