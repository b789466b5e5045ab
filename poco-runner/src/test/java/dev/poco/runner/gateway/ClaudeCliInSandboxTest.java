package dev.poco.runner.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxSpec;
import dev.poco.runner.sandbox.UnsandboxedDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real pinned Claude Code CLI inside a bubblewrap sandbox with every namespace unshared, reaching the model only
 * through the gateway's socket, against a fake upstream on host loopback; and the same CLI without a sandbox (the
 * {@code none} driver) through the gateway's TCP port.
 */
class ClaudeCliInSandboxTest {

    private static final String REAL_KEY = "sk-ant-e2e-REAL-7f3a9c1d5e";
    private static final String CLI_VERSION = "2.1.197";

    @TempDir
    Path scratch;
    private FakeUpstream upstream;
    private ModelGateway gateway;
    private BubblewrapSandboxDriver driver;
    private Path workspace;
    private Path home;

    @BeforeEach
    void start() throws IOException {
        upstream = new FakeUpstream();
        gateway = ModelGateway.open(scratch.resolve("llm"), "e2e",
                GatewayConfig.of(upstream.baseUrl(), new UpstreamCredential.ApiKey(REAL_KEY)));
        driver = new BubblewrapSandboxDriver(BubblewrapOptions.defaults().withStateDir(scratch.resolve("state")));
        workspace = Files.createDirectories(scratch.resolve("session/workspace"));
        home = Files.createDirectories(scratch.resolve("session/home"));
    }

    @AfterEach
    void stop() {
        driver.close();
        gateway.close();
        upstream.close();
    }

    @Test
    void cliRunsInSandboxAndTalksToTheModelOnlyThroughTheGateway() throws Exception {
        SandboxSpec cli = sandbox("cli").command("claude", "-p", "say hi", "--output-format", "stream-json",
                "--verbose", "--permission-mode", "bypassPermissions").build();

        Run run = run(cli);

        List<JsonNode> lines = run.stdout().lines().filter(line -> line.startsWith("{"))
                .map(line -> JsonMapper.shared().readTree(line)).toList();
        assertThat(lines).as("stdout %s\nstderr %s", run.stdout(), run.stderr()).isNotEmpty();
        JsonNode result = lines.getLast();
        assertThat(result.path("type").asString()).isEqualTo("result");
        assertThat(result.path("is_error").asBoolean(true)).as(result.toString()).isFalse();
        assertThat(result.path("result").asString()).isEqualTo("Hi there!");
        assertThat(run.exitCode()).isZero();

        assertThat(upstream.requests).as(upstream.describe()).isNotEmpty()
                .allSatisfy(request -> assertThat(request.header("x-api-key")).isEqualTo(REAL_KEY));
        long messages = upstream.requests.stream().filter(r -> r.path().equals("/v1/messages")).count();
        assertThat(gateway.usage()).isEqualTo(new TokenUsage(25 * messages, 7 * messages, 5 * messages,
                3 * messages, messages));

        assertKeyIsNowhereInTheSandbox();
    }

    @Test
    void withoutSandboxTheCliReachesTheModelThroughTheGatewaysTcpPortAndItsRunKey() throws Exception {
        try (ModelGateway tcp = ModelGateway.open(new GatewayEndpoint.Tcp("127.0.0.1", 0), "e2e-tcp",
                GatewayConfig.of(upstream.baseUrl(), new UpstreamCredential.ApiKey(REAL_KEY)));
                UnsandboxedDriver unsandboxed = new UnsandboxedDriver()) {
            SandboxSpec cli = SandboxSpec.builder("cli-tcp").workspace(workspace).home(home)
                    .readOnlyBind(claudeBinary(), "/opt/claude/bin/claude")
                    .env(tcp.sandboxEnvironment())
                    .env("DISABLE_TELEMETRY", "1")
                    .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
                    // not bypassPermissions: the CLI refuses it as root, and unsandboxed it runs as the runner's uid
                    .command("/opt/claude/bin/claude", "-p", "say hi", "--output-format", "stream-json", "--verbose")
                    .build();

            Run run = run(unsandboxed.start(cli));

            List<String> json = run.stdout().lines().filter(line -> line.startsWith("{")).toList();
            assertThat(json).as("stdout %s\nstderr %s", run.stdout(), run.stderr()).isNotEmpty();
            JsonNode result = JsonMapper.shared().readTree(json.getLast());
            assertThat(result.path("result").asString()).as("stdout %s\nstderr %s", run.stdout(), run.stderr())
                    .isEqualTo("Hi there!");
            assertThat(run.exitCode()).isZero();
            assertThat(upstream.requests).isNotEmpty()
                    .allSatisfy(request -> assertThat(request.header("x-api-key")).isEqualTo(REAL_KEY));
            assertThat(tcp.usage().requests()).isEqualTo(upstream.requests.stream()
                    .filter(r -> r.path().equals("/v1/messages")).count()).isPositive();
        }
    }

    /** Everything a process in the sandbox could read: its environment, every process's, every writable file. */
    private void assertKeyIsNowhereInTheSandbox() throws Exception {
        SandboxSpec probe = sandbox("probe").command("bash", "-c", """
                env
                for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < "$f"; echo; done
                find /home/agent /workspace /run/llm /tmp -type f -exec cat {} + 2>/dev/null
                ls -la /run/llm
                """).build();

        Run run = run(probe);

        assertThat(run.stdout()).contains("ANTHROPIC_API_KEY=sandbox-placeholder").contains("api.sock")
                .doesNotContain(REAL_KEY);
        try (Stream<Path> files = Stream.concat(Files.walk(workspace), Files.walk(home))) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                            .as(file.toString()).doesNotContain(REAL_KEY);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private SandboxSpec.Builder sandbox(String id) {
        return SandboxSpec.builder(id)
                .workspace(workspace)
                .home(home)
                .readOnlyBind(claudeBinary(), "/opt/claude/bin/claude")
                .readOnlyBind(gateway.runDirectory(), ModelGateway.SANDBOX_DIR)
                .env("ANTHROPIC_UNIX_SOCKET", ModelGateway.SANDBOX_DIR + "/" + ModelGateway.SOCKET_NAME)
                .env("ANTHROPIC_BASE_URL", "http://llm.invalid")
                .env("ANTHROPIC_API_KEY", "sandbox-placeholder")
                .env("DISABLE_TELEMETRY", "1")
                .env("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    }

    private Run run(SandboxSpec spec) throws Exception {
        return run(driver.start(spec));
    }

    private static Run run(SandboxHandle started) throws Exception {
        try (SandboxHandle handle = started) {
            handle.stdin().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(handle, true));
            String stdout = read(handle, false);
            assertThat(handle.waitFor(Duration.ofSeconds(60))).as("sandbox %s finished", handle.id()).isTrue();
            return new Run(handle.exitCode().orElseThrow(), stdout, stderr.get());
        }
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private static String read(SandboxHandle handle, boolean stderr) {
        try {
            return new String((stderr ? handle.stderr() : handle.stdout())
                    .readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pinned CLI; fails (never skips) with install instructions when it is missing. */
    static Path claudeBinary() {
        String override = System.getenv("POCO_CLAUDE_BIN");
        Path binary = override != null && !override.isBlank() ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".poco", "runtime", "claude-code-" + CLI_VERSION,
                        "node_modules", "@anthropic-ai", "claude-code-linux-x64", "claude");
        assertThat(binary).as("""
                Claude Code CLI %s not found. Install it with:
                  mkdir -p ~/.poco/runtime/claude-code-%s && cd ~/.poco/runtime/claude-code-%s \
                && npm init -y && npm install @anthropic-ai/claude-code@%s
                or point POCO_CLAUDE_BIN at the platform binary.""".formatted(CLI_VERSION, CLI_VERSION, CLI_VERSION,
                CLI_VERSION)).isExecutable();
        return binary;
    }
}
