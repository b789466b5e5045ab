package dev.poco.runner.claude.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.runner.claude.FakeClaude;
import dev.poco.runner.claude.error.CliException;
import dev.poco.runner.claude.error.CliProcessException;
import dev.poco.runner.claude.error.CliProtocolException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

@Timeout(60)
class StreamCliTransportTest {

    @TempDir
    Path dir;

    private final List<ObjectNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<@Nullable CliException> closed = new CompletableFuture<>();
    private @Nullable StreamCliTransport transport;

    @AfterEach
    void close() {
        if (transport != null) {
            transport.close();
        }
    }

    private final CliTransport.Listener listener = new CliTransport.Listener() {
        @Override
        public void onMessage(ObjectNode message) {
            received.add(message);
        }

        @Override
        public void onClosed(@Nullable CliException error) {
            closed.complete(error);
        }
    };

    private StreamCliTransport start(StreamCliTransport.Options options, String... command) throws IOException {
        transport = new StreamCliTransport(new ProcessBuilder(command).start(), options);
        transport.start(listener);
        return transport;
    }

    @Test
    void deliversStdoutObjectsInOrderSkipsNoiseAndReportsCleanEof() throws Exception {
        start(StreamCliTransport.Options.defaults(), "python3", "-c", """
                import sys
                sys.stdout.write('{"n":1}\\nstarting debug noise\\n{"n":')
                sys.stdout.flush()
                sys.stdout.write('2}\\n\\n{"n":3}')
                """);

        assertThat(closed.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(received).extracting(node -> node.get("n").asInt()).containsExactly(1, 2, 3);
        assertThat(transport.awaitExit(Duration.ofSeconds(5))).hasValue(0);
        assertThat(transport.isAlive()).isFalse();
    }

    @Test
    void reportsUnparsableJsonAsAProtocolError() throws Exception {
        start(StreamCliTransport.Options.defaults(), "sh", "-c", "echo '{\"n\":1}'; echo '{broken'; sleep 1");

        assertThat(closed.get(10, TimeUnit.SECONDS)).isInstanceOf(CliProtocolException.class)
                .satisfies(e -> assertThat(((CliProtocolException) e).line()).isEqualTo("{broken"));
        assertThat(received).hasSize(1);
    }

    @Test
    void reportsAnOversizeLineAsAProtocolError() throws Exception {
        start(StreamCliTransport.Options.defaults().withMaxLineBytes(1000), "python3", "-c",
                "print('{\"t\":\"' + 'a' * 5000 + '\"}')");

        assertThat(closed.get(10, TimeUnit.SECONDS)).isInstanceOf(CliProtocolException.class)
                .hasMessageContaining("1000 bytes");
    }

    @Test
    void deliversAFiveMebibyteMessageThroughARealPipeWithTheDefaultCap() throws Exception {
        start(StreamCliTransport.Options.defaults(), "python3", "-c",
                "import sys; sys.stdout.write('{\"t\":\"' + 'a' * (5 << 20) + '\"}\\n{\"n\":2}\\n')");

        assertThat(closed.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(received).hasSize(2);
        assertThat(received.getFirst().get("t").asString()).hasSize(5 << 20);
    }

    @Test
    void aMessageAboveTheConfiguredCapEndsTheStreamWithAnErrorNamingTheLimit() throws Exception {
        start(StreamCliTransport.Options.defaults().withMaxLineBytes(2 << 20), "python3", "-c",
                "import sys; sys.stdout.write('{\"n\":1}\\n{\"t\":\"' + 'a' * (3 << 20) + '\"}\\n{\"n\":3}\\n')");

        assertThat(closed.get(20, TimeUnit.SECONDS)).isInstanceOf(CliProtocolException.class)
                .hasMessageContaining("limit of 2097152 bytes (2 MiB)")
                .hasMessageContaining("POCO_RUNNER_MAX_CLI_LINE_MB");
        assertThat(received).as("nothing after the oversize message is delivered")
                .extracting(node -> node.get("n").asInt()).containsExactly(1);
    }

    @Test
    void drainsStderrIntoABoundedTailAndALineConsumer() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        start(StreamCliTransport.Options.defaults().withStderrLineConsumer(lines::add), "python3", "-c", """
                import sys
                for i in range(20000):
                    sys.stderr.write('stderr line %05d\\n' % i)
                sys.stderr.write('last words')
                print('{"done":true}')
                """);

        assertThat(closed.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(transport.awaitExit(Duration.ofSeconds(5))).hasValue(0);
        transport.close(); // joins the stderr thread
        String tail = transport.stderrTail();
        assertThat(tail).hasSizeLessThanOrEqualTo(StreamCliTransport.Options.DEFAULT_STDERR_TAIL_CHARS)
                .endsWith("stderr line 19999\nlast words").doesNotContain("stderr line 00000");
        assertThat(lines).hasSize(20001).startsWith("stderr line 00000").endsWith("last words");
        assertThat(received).hasSize(1);
    }

    @Test
    void writesOneLinePerObjectAndRefusesWritesAfterEndInput() throws Exception {
        // cat echoes our lines back: the round trip proves one object per line
        start(StreamCliTransport.Options.defaults(), "cat");
        transport.write(JsonNodeFactory.instance.objectNode().put("text", "line\nbreak"));
        transport.write(JsonNodeFactory.instance.objectNode().put("n", 2));
        transport.endInput();
        transport.endInput(); // idempotent

        assertThat(closed.get(10, TimeUnit.SECONDS)).isNull();
        assertThat(received).extracting(ObjectNode::toString)
                .containsExactly("{\"text\":\"line\\nbreak\"}", "{\"n\":2}");
        assertThatThrownBy(() -> transport.write(JsonNodeFactory.instance.objectNode()))
                .isInstanceOf(CliProcessException.class).hasMessageContaining("stdin already closed");
    }

    @Test
    void closeIsBoundedEvenWhenTheProcessIgnoresEofAndSigterm() throws Exception {
        var options = StreamCliTransport.Options.defaults().withCloseGrace(Duration.ofMillis(300));
        start(options, "sh", "-c", "trap '' TERM; while true; do sleep 1; done");

        transport.close(); // returns at all: the process loops forever and ignores SIGTERM

        assertThat(transport.isAlive()).isFalse();
        assertThat(closed.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void replaysTheFakeCliOverARealPipe() throws Exception {
        Path transcript = FakeClaude.writeTranscript(dir, "noise", List.of(
                "{\"fake\":\"raw\",\"text\":\"not json at all\\n\"}",
                "{\"fake\":\"stderr\",\"text\":\"warning: on stderr\\n\"}",
                FakeClaude.lines("bash-turn").get(1)));
        var process = FakeClaude.start(FakeClaude.install(dir), transcript, List.of("claude"), Map.of());
        transport = new StreamCliTransport(process);
        transport.start(listener);
        transport.write(JsonNodeFactory.instance.objectNode().put("type", "control_request")
                .put("request_id", "i").set("request", JsonNodeFactory.instance.objectNode()
                        .put("subtype", "initialize")));
        transport.write(JsonNodeFactory.instance.objectNode().put("type", "user"));
        transport.endInput();

        assertThat(closed.get(20, TimeUnit.SECONDS)).isNull();
        assertThat(received).extracting(node -> node.get("type").asString())
                .containsExactly("control_response", "system");
        assertThat(transport.stderrTail()).contains("warning: on stderr");
        assertThat(transport.awaitExit(Duration.ofSeconds(5))).hasValue(0);
    }
}
