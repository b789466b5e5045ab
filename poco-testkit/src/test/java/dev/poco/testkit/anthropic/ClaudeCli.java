package dev.poco.testkit.anthropic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs the real, pinned Claude Code CLI headless against a {@link FakeAnthropicServer}, with a
 * clean environment (no proxies, no real credentials), as documented in
 * {@code reference/claude-code-cli-and-sandbox.md} §3.
 */
final class ClaudeCli {

    static final String VERSION = "2.1.197";
    static final String BIN_ENV = "POCO_CLAUDE_BIN";
    static final Path DEFAULT_RUNTIME = Path.of(System.getProperty("user.home"), ".poco", "runtime",
            "claude-code-" + VERSION);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** The outcome of one CLI run; {@code lines} are stdout's JSON lines. */
    record Run(int exitCode, List<JsonNode> lines, String stdout, String stderr) {

        Optional<JsonNode> result() {
            return lines.stream().filter(line -> line.path("type").asString("").equals("result")).reduce((a, b) -> b);
        }

        /** Everything, for assertion messages. */
        String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    private ClaudeCli() {}

    /**
     * The CLI binary: {@code $POCO_CLAUDE_BIN}, else the platform binary under
     * {@code ~/.poco/runtime/claude-code-2.1.197}.
     *
     * @throws AssertionError naming how to install it when it is missing: this test never skips
     */
    static Path binary() {
        String override = System.getenv(BIN_ENV);
        Path binary = override != null && !override.isBlank()
                ? Path.of(override)
                : DEFAULT_RUNTIME.resolve("node_modules/@anthropic-ai/claude-code-linux-x64/claude");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("The Claude Code CLI " + VERSION + " is not installed at " + binary + ". Install it "
                    + "with ./poco (which sets up the runtime), or: mkdir -p " + DEFAULT_RUNTIME + " && cd "
                    + DEFAULT_RUNTIME + " && npm install @anthropic-ai/claude-code@" + VERSION
                    + " — or point " + BIN_ENV + " at a claude binary.");
        }
        return binary;
    }

    /** Runs {@code claude -p prompt} in {@code cwd} with {@code HOME=home}; blocks until it exits. */
    static Run run(FakeAnthropicServer fake, Path home, Path cwd, String prompt, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(binary().toString(), "-p", prompt, "--output-format",
                "stream-json", "--verbose", "--permission-mode", "bypassPermissions");
        builder.directory(cwd.toFile());
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.clear(); // no inherited ANTHROPIC_*, proxies or real credentials
        env.put("PATH", path);
        env.put("ANTHROPIC_BASE_URL", fake.baseUrl());
        env.put("ANTHROPIC_API_KEY", "test");
        env.put("IS_SANDBOX", "1"); // the build runs as root; see reference §3 "Root"
        env.put("DISABLE_TELEMETRY", "1");
        env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        env.put("HOME", home.toString());
        env.putAll(extraEnv);
        Path stdoutFile = Files.createTempFile(home, "stdout", ".jsonl");
        Path stderrFile = Files.createTempFile(home, "stderr", ".txt");
        builder.redirectOutput(stdoutFile.toFile()).redirectError(stderrFile.toFile());
        builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));

        Process process = builder.start();
        boolean exited = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String stdout = Files.readString(stdoutFile, StandardCharsets.UTF_8);
        String stderr = Files.readString(stderrFile, StandardCharsets.UTF_8);
        if (!exited) {
            throw new AssertionError("claude did not exit within " + TIMEOUT + "\n" + stdout + "\n" + stderr);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                lines.add(Json.MAPPER.readTree(line));
            }
        }
        return new Run(process.exitValue(), lines, stdout, stderr);
    }
}
