package dev.poco.runner.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tests of the fake CLI itself, with no driver code, so that a broken fake cannot make the session tests pass.
 */
@Timeout(30)
class FakeClaudeTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private Process process;
    private BufferedReader stdout;
    private OutputStream stdin;

    @AfterEach
    void kill() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void start(Path transcript) throws Exception {
        process = FakeClaude.start(FakeClaude.install(dir), transcript, List.of("claude", "-p"), Map.of());
        stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        stdin = process.getOutputStream();
    }

    private void send(String json) throws Exception {
        stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private JsonNode read() throws Exception {
        String line = stdout.readLine();
        assertThat(line).as("fake-claude stdout line").isNotNull();
        return MAPPER.readTree(line);
    }

    private void handshake() throws Exception {
        send("{\"type\":\"control_request\",\"request_id\":\"init-1\",\"request\":{\"subtype\":\"initialize\"}}");
        JsonNode init = read();
        assertThat(init.get("type").asString()).isEqualTo("control_response");
        assertThat(init.get("response").get("request_id").asString()).isEqualTo("init-1");
        assertThat(init.get("response").get("subtype").asString()).isEqualTo("success");
        send("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hi\"},\"parent_tool_use_id\":null,"
                + "\"session_id\":\"\"}");
    }

    @Test
    void printsThePinnedVersion() throws Exception {
        Process version = new ProcessBuilder(FakeClaude.install(dir).toString(), "--version").start();
        assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("2.1.197 (Claude Code)\n");
        assertThat(version.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(version.exitValue()).isZero();
    }

    @Test
    void replaysATranscriptAndWaitsForEachControlRequestToBeAnswered() throws Exception {
        start(FakeClaude.transcript("bash-turn"));
        handshake();

        assertThat(read().get("subtype").asString()).isEqualTo("init");
        assertThat(read().get("type").asString()).isEqualTo("assistant");
        JsonNode request = read();
        assertThat(request.get("type").asString()).isEqualTo("control_request");
        assertThat(stdout.ready()).as("nothing more before the answer").isFalse();
        send("{\"type\":\"control_response\",\"response\":{\"subtype\":\"success\",\"request_id\":\""
                + request.get("request_id").asString() + "\",\"response\":{\"behavior\":\"allow\"}}}");
        assertThat(read().get("type").asString()).isEqualTo("user");
        assertThat(read().get("type").asString()).isEqualTo("assistant");
        assertThat(read().get("type").asString()).isEqualTo("result");

        stdin.close();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void answersAnInterruptWithAnErrorResultAndExitsOne() throws Exception {
        Path transcript = FakeClaude.writeTranscript(dir, "slow", List.of(
                FakeClaude.lines("bash-turn").get(1), "{\"fake\":\"sleep\",\"seconds\":30}"));
        start(transcript);
        handshake();
        assertThat(read().get("subtype").asString()).isEqualTo("init");

        send("{\"type\":\"control_request\",\"request_id\":\"int-1\",\"request\":{\"subtype\":\"interrupt\"}}");

        JsonNode ack = read();
        assertThat(ack.get("response").get("request_id").asString()).isEqualTo("int-1");
        assertThat(read().get("type").asString()).isEqualTo("user");
        JsonNode result = read();
        assertThat(result.get("subtype").asString()).isEqualTo("error_during_execution");
        assertThat(result.get("is_error").asBoolean()).isTrue();
        stdin.close();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
    }

    @Test
    void answersUnsupportedControlRequestsWithAnError() throws Exception {
        Path transcript = FakeClaude.writeTranscript(dir, "short", List.of(FakeClaude.lines("bash-turn").get(1),
                "{\"fake\":\"sleep\",\"seconds\":1}"));
        start(transcript);
        handshake();
        read();

        send("{\"type\":\"control_request\",\"request_id\":\"x-1\",\"request\":{\"subtype\":\"rewind_files\"}}");

        JsonNode answer = read();
        assertThat(answer.get("response").get("subtype").asString()).isEqualTo("error");
        assertThat(answer.get("response").get("request_id").asString()).isEqualTo("x-1");
    }
}
