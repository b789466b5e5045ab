package dev.poco.runner.sandbox;

import java.nio.file.Path;

/**
 * Where one sandbox's workspace and home are on the host now. They start as the spec's and follow {@link
 * SandboxDriver#moved}: a pooled workspace renamed into a session keeps its running sandbox.
 */
final class SandboxPaths {

    private volatile Path workspace;
    private volatile Path home;

    SandboxPaths(Path workspace, Path home) {
        this.workspace = workspace;
        this.home = home;
    }

    Path workspace() {
        return workspace;
    }

    Path home() {
        return home;
    }

    synchronized void moved(Path from, Path to) {
        workspace = follow(workspace, from, to);
        home = follow(home, from, to);
    }

    private static Path follow(Path path, Path from, Path to) {
        return path.startsWith(from) ? to.resolve(from.relativize(path)) : path;
    }
}
