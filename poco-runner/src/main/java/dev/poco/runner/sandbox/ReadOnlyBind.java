package dev.poco.runner.sandbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A host file or directory made visible read-only inside the sandbox, for example the CLI binary at {@code
 * /opt/claude/bin/claude} or the gateway's socket directory at {@code /run/llm}.
 *
 * @param hostPath absolute path on the host; must exist when the sandbox starts
 * @param sandboxPath absolute, normalized path inside the sandbox; parent directories are created
 */
public record ReadOnlyBind(Path hostPath, String sandboxPath) {

    public ReadOnlyBind {
        Objects.requireNonNull(hostPath, "hostPath");
        Objects.requireNonNull(sandboxPath, "sandboxPath");
        if (!hostPath.isAbsolute()) {
            throw new IllegalArgumentException("host path must be absolute: " + hostPath);
        }
        SandboxSpec.requireSandboxPath(sandboxPath);
    }
}
