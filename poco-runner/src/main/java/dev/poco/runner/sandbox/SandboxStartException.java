package dev.poco.runner.sandbox;

/** One sandbox could not be started (bad directories, duplicate id, the launcher failed to spawn). */
public class SandboxStartException extends SandboxException {

    private final String sandboxId;

    public SandboxStartException(String sandboxId, String message) {
        super("sandbox " + sandboxId + ": " + message);
        this.sandboxId = sandboxId;
    }

    public SandboxStartException(String sandboxId, String message, Throwable cause) {
        super("sandbox " + sandboxId + ": " + message, cause);
        this.sandboxId = sandboxId;
    }

    public String sandboxId() {
        return sandboxId;
    }
}
