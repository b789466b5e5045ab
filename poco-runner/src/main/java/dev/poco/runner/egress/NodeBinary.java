package dev.poco.runner.egress;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Node.js on the runner's host, which runs the egress relay inside a sandbox. Poco already needs it (npm installs
 * Claude Code), so no new prerequisite. A binary under {@code /usr} is visible in the sandbox as is (bubblewrap binds
 * {@code /usr} read-only); one elsewhere (nvm, a tarball in {@code /opt}) is bound read-only at {@link #SANDBOX_PATH}.
 *
 * @param host the binary on the host, links resolved
 */
public record NodeBinary(Path host) {

    /** Where a binary from outside {@code /usr} appears in the sandbox. */
    public static final String SANDBOX_PATH = "/opt/poco/bin/node";

    /**
     * The configured binary, or {@code node} on the runner's {@code PATH}; empty when there is none.
     *
     * @param configured {@code POCO_RUNNER_NODE_BIN}, or null
     */
    public static Optional<NodeBinary> locate(@Nullable Path configured) {
        if (configured != null) {
            return usable(configured);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                Optional<NodeBinary> found = usable(Path.of(dir, "node"));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<NodeBinary> usable(Path candidate) {
        try {
            Path real = candidate.toRealPath();
            return Files.isRegularFile(real) && Files.isExecutable(real) ? Optional.of(new NodeBinary(real))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the sandbox sees the binary without a bind of its own. */
    public boolean visibleInSandbox() {
        return host.startsWith("/usr/");
    }

    /** The binary as the sandbox sees it. */
    public String sandboxPath() {
        return visibleInSandbox() ? host.toString() : SANDBOX_PATH;
    }
}
