package dev.poco.runner.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.runner.claude.error.CliProcessException;
import dev.poco.runner.claude.error.CliProtocolException;
import dev.poco.runner.claude.error.CliResultException;
import dev.poco.runner.claude.error.ControlTimeoutException;
import dev.poco.runner.claude.message.ResultMessage;
import dev.poco.runner.claude.message.SystemMessage;
import dev.poco.runner.claude.protocol.ControlProtocol;
import dev.poco.runner.claude.protocol.PermissionDecision;
import dev.poco.runner.claude.protocol.ToolPermissionHandler;
import dev.poco.runner.claude.protocol.ToolPermissionRequest;
import dev.poco.runner.claude.transport.FakeCliTransport;
import dev.poco.runner.claude.transport.StreamCliTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@link ClaudeCliSession} end to end over {@code fake-claude} (a real process and pipe) and over the in-memory fake. */
@Timeout(60)
class ClaudeCliSessionTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final List<SessionMessage> messages = new CopyOnWriteArrayList<>();
    private final List<ToolPermissionRequest> permissions = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private ClaudeCliSession fakeCli(Path transcript, Map<String, String> env, ClaudeCliSession.Options options)
            throws Exception {
        Process process = FakeClaude.start(FakeClaude.install(dir), transcript,
                ClaudeCommand.of("claude").argv(), env);
        // A short close grace: like the real CLI, the fake does not exit on stdin EOF in the middle of a turn.
        var transport = new StreamCliTransport(process,
                StreamCliTransport.Options.defaults().withCloseGrace(Duration.ofMillis(500)));
        var session = new ClaudeCliSession(transport, request -> {
            permissions.add(request);
            return PermissionDecision.allow();
        }, options);
        toClose.add(session);
        return session;
    }

    private ClaudeCliSession fakeCli(Path transcript, Map<String, String> env) throws Exception {
        return fakeCli(transcript, env, ClaudeCliSession.Options.defaults());
    }

    private Path transcriptOf(String name, String... lines) {
        return FakeClaude.writeTranscript(dir, name, List.of(lines));
    }

    private static String initLine() {
        return FakeClaude.lines("bash-turn").get(1);
    }

    @Test
    void runsARecordedBashTurnEndToEnd() throws Exception {
        Path stdinLog = dir.resolve("stdin.jsonl");
        ClaudeCliSession session = fakeCli(FakeClaude.transcript("bash-turn"),
                Map.of("FAKE_CLAUDE_STDIN_LOG", stdinLog.toString()));

        TurnResult result = session.runTurn("write hello to out.txt", messages::add);

        assertThat(result.failed()).isFalse();
        assertThat(result.exit()).hasValue(0);
        assertThat(result.sessionId()).isEqualTo(session.sessionId()).isNotBlank();
        assertThat(messages).extracting(m -> m.raw().get("type").asString())
                .containsExactly("system", "assistant", "user", "assistant", "result");
        assertThat(messages.getFirst().message()).isInstanceOf(SystemMessage.class);
        assertThat(messages.getLast().message()).isInstanceOf(ResultMessage.class);
        assertThat(messages.getLast().raw()).isEqualTo(MAPPER.readTree(FakeClaude.lines("bash-turn").getLast()));
        assertThat(permissions).singleElement().satisfies(p -> assertThat(p.toolName()).isEqualTo("Bash"));

        List<JsonNode> written = Files.readAllLines(stdinLog, StandardCharsets.UTF_8).stream()
                .map(line -> (JsonNode) MAPPER.readTree(line)).toList();
        assertThat(written.get(0).get("request").toString()).isEqualTo("{\"subtype\":\"initialize\",\"hooks\":null}");
        assertThat(written.get(1).toString()).isEqualTo("{\"type\":\"user\",\"message\":{\"role\":\"user\","
                + "\"content\":\"write hello to out.txt\"},\"parent_tool_use_id\":null,\"session_id\":\"\"}");
        assertThat(written.get(2).get("response").get("response").get("behavior").asString()).isEqualTo("allow");
        assertThat(written.get(2).get("response").get("response").get("updatedInput").get("command").asString())
                .isEqualTo("echo hello > out.txt");
    }

    @Test
    void failsWithExitCodeAndStderrWhenTheCliDiesWithoutAResult() throws Exception {
        ClaudeCliSession session = fakeCli(transcriptOf("dies", initLine(),
                "{\"fake\":\"stderr\",\"text\":\"fatal: model endpoint unreachable\\n\"}",
                "{\"fake\":\"exit\",\"code\":3}"), Map.of());

        assertThatThrownBy(() -> session.runTurn("go", messages::add)).isExactlyInstanceOf(CliProcessException.class)
                .satisfies(e -> {
                    var failure = (CliProcessException) e;
                    assertThat(failure.exitCode()).hasValue(3);
                    assertThat(failure.stderrTail()).contains("fatal: model endpoint unreachable");
                });
        assertThat(messages).hasSize(1);
    }

    @Test
    void failsWithExitCodeWhenTheCliRefusesToStart() throws Exception {
        // What the CLI does as root without IS_SANDBOX=1: a message on stderr, exit 1, before any output.
        Process process = new ProcessBuilder("sh", "-c",
                "echo '--dangerously-skip-permissions cannot be used with root/sudo privileges' >&2; exit 1").start();
        var session = new ClaudeCliSession(new StreamCliTransport(process), ToolPermissionHandler.allowAll());
        toClose.add(session);

        assertThatThrownBy(() -> session.runTurn("go", messages::add)).isInstanceOf(CliProcessException.class)
                .hasMessageContaining("during initialize").satisfies(e -> {
                    assertThat(((CliProcessException) e).exitCode()).hasValue(1);
                    assertThat(((CliProcessException) e).stderrTail()).contains("root/sudo");
                });
    }

    @Test
    void interruptEndsASlowTurnWithAnErrorResult() throws Exception {
        ClaudeCliSession session = fakeCli(transcriptOf("slow", initLine(), "{\"fake\":\"sleep\",\"seconds\":30}"),
                Map.of());

        TurnResult result = session.runTurn("take your time", message -> {
            if (message.message() instanceof SystemMessage system && system.isInit()) {
                session.interrupt();
            }
        });

        // ended by the interrupt, not by the 30 s the fake sleeps: aborted while streaming
        assertThat(result.failed()).isTrue();
        assertThat(result.result().terminalReason()).isEqualTo("aborted_streaming");
        assertThat(result.exit()).hasValue(1);
        assertThatThrownBy(result::orThrow).isInstanceOf(CliResultException.class)
                .satisfies(e -> assertThat(((CliResultException) e).subtype()).isEqualTo("error_during_execution"));
    }

    @Test
    void anInterruptRequestedBeforeThePromptIsSentRightAfterIt() throws Exception {
        ClaudeCliSession session = fakeCli(transcriptOf("slow2", initLine(), "{\"fake\":\"sleep\",\"seconds\":30}"),
                Map.of());

        var ack = session.interrupt();
        TurnResult result = session.runTurn("never mind", messages::add);

        assertThat(result.failed()).isTrue();
        assertThat(ack.get()).isNotNull();
    }

    @Test
    void aBrokenLineFailsTheTurnWithAProtocolException() throws Exception {
        ClaudeCliSession session = fakeCli(transcriptOf("broken", initLine(),
                "{\"fake\":\"raw\",\"text\":\"{\\\"type\\\":\\\"assistant\\\",oops\\n\"}",
                "{\"fake\":\"sleep\",\"seconds\":30}"), Map.of());

        assertThatThrownBy(() -> session.runTurn("go", messages::add)).isInstanceOf(CliProtocolException.class)
                .satisfies(e -> assertThat(((CliProtocolException) e).line()).startsWith("{\"type\":\"assistant\""));
    }

    @Test
    void anUnansweredInitializeTimesOut() throws Exception {
        var options = new ClaudeCliSession.Options(
                new ControlProtocol.Options(Duration.ofMillis(500), Duration.ofSeconds(5)), Duration.ofSeconds(5));
        ClaudeCliSession session = fakeCli(FakeClaude.transcript("bash-turn"), Map.of("FAKE_CLAUDE_NO_INIT", "1"),
                options);

        assertThatThrownBy(() -> session.runTurn("go", messages::add)).isInstanceOf(ControlTimeoutException.class)
                .satisfies(e -> assertThat(((ControlTimeoutException) e).subtype()).isEqualTo("initialize"));
    }

    @Test
    void runsExactlyOneTurn() throws Exception {
        var fake = FakeCliTransport.replaying(FakeClaude.lines("bash-turn"));
        var session = new ClaudeCliSession(fake, ToolPermissionHandler.allowAll());
        toClose.add(session);
        session.runTurn("first", messages::add);

        assertThatThrownBy(() -> session.runTurn("second", messages::add)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reportsAnInterruptingDenyFromTheInMemoryFake() throws Exception {
        var fake = FakeCliTransport.replaying(FakeClaude.lines("deny-interrupt")).withExitCode(1);
        var session = new ClaudeCliSession(fake, request -> PermissionDecision.denyAndInterrupt("no"));
        toClose.add(session);

        TurnResult result = session.runTurn("go", messages::add);

        assertThat(result.failed()).isTrue();
        assertThat(result.exit()).hasValue(1);
        CliResultException failure = result.toException();
        assertThat(failure.terminalReason()).isEqualTo("aborted_tools");
        assertThat(failure.sessionId()).isEqualTo(result.sessionId());
        assertThat(failure.apiErrorStatus()).isNull();
        assertThat(fake.inputEnded()).isTrue();
        assertThat(fake.written()).anySatisfy(node -> assertThat(node.toString())
                .contains("\"behavior\":\"deny\"", "\"interrupt\":true"));
        // The CLI's own user lines count as messages too: the rejected tool_result and "[Request interrupted…]".
        assertThat(messages).extracting(m -> m.raw().get("type").asString())
                .containsExactly("system", "assistant", "user", "user", "result");
    }

    @Test
    void aResultWithoutExitWithinTheTimeoutReportsNoExitCode() throws Exception {
        var fake = FakeCliTransport.replaying(FakeClaude.lines("bash-turn")).withoutEofOnEndInput();
        var options = new ClaudeCliSession.Options(ControlProtocol.Options.defaults(), Duration.ofMillis(200));
        var session = new ClaudeCliSession(fake, ToolPermissionHandler.allowAll(), options);
        toClose.add(session);

        TurnResult result = session.runTurn("go", messages::add);

        assertThat(result.exit()).isEmpty();
        session.close();
        assertThat(fake.closed()).isTrue();
    }

    @Test
    void aListenerExceptionEndsTheTurn() throws Exception {
        var fake = FakeCliTransport.replaying(FakeClaude.lines("bash-turn"));
        var session = new ClaudeCliSession(fake, ToolPermissionHandler.allowAll());
        toClose.add(session);

        assertThatThrownBy(() -> session.runTurn("go", message -> {
            throw new IllegalStateException("server down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("server down");
    }
}
