package dev.poco.runner.claude.realcli;

import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.claude.ClaudeCliSession;
import dev.poco.runner.claude.ClaudeCommand;
import dev.poco.runner.claude.protocol.ControlProtocol;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.transport.CliTransport;
import dev.poco.runner.claude.transport.StreamCliTransport;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Starts the real CLI for a test: clean environment (nothing inherited but PATH), a private HOME, the workspace as
 * cwd, the fake model server as {@code ANTHROPIC_BASE_URL}. Set {@code -Dpoco.transcripts.record=<dir>} to save each
 * run's stdout as {@code <dir>/<name>.jsonl}.
 */
final class RealCli {

    private static @Nullable Path binary;

    private final Path home;
    private final Path workspace;
    private final FakeAnthropicServer server;

    RealCli(Path home, Path workspace, FakeAnthropicServer server) {
        this.home = home;
        this.workspace = workspace;
        this.server = server;
    }

    FakeAnthropicServer server() {
        return server;
    }

    /** The pinned binary; fails the test with the locator's install instructions when it is missing. */
    static synchronized Path binary() {
        if (binary == null) {
            binary = new ClaudeCliLocator().locate();
        }
        return binary;
    }

    static ClaudeCommand command() {
        return ClaudeCommand.of(binary().toString());
    }

    Process start(ClaudeCommand command) throws IOException {
        var builder = new ProcessBuilder(command.argv()).directory(workspace.toFile());
        Map<String, String> env = builder.environment();
        String path = Objects.requireNonNullElse(env.get("PATH"), "/usr/local/bin:/usr/bin:/bin");
        env.clear(); // never leak a real API key or proxy settings of the build machine into the CLI
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("ANTHROPIC_BASE_URL", server.baseUrl());
        env.put("ANTHROPIC_API_KEY", "test");
        env.put("IS_SANDBOX", "1"); // the build runs as root; the CLI refuses root without it
        env.putAll(ClaudeCommand.recommendedEnvironment());
        return builder.start();
    }

    ClaudeCliSession session(ClaudeCommand command, ToolPermissionHandler handler, String transcriptName)
            throws IOException {
        CliTransport transport = new StreamCliTransport(start(command));
        String recordDir = System.getProperty("poco.transcripts.record");
        if (recordDir != null && !recordDir.isBlank()) {
            transport = new RecordingTransport(transport, Path.of(recordDir, transcriptName + ".jsonl"));
        }
        var options = new ClaudeCliSession.Options(
                new ControlProtocol.Options(Duration.ofSeconds(60), Duration.ofSeconds(20)), Duration.ofSeconds(15));
        return new ClaudeCliSession(transport, handler, options);
    }
}
