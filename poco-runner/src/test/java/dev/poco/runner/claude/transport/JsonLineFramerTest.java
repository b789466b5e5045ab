package dev.poco.runner.claude.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.runner.claude.error.CliProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class JsonLineFramerTest {

    private final List<ObjectNode> out = new ArrayList<>();

    private JsonLineFramer framer(int max) {
        return new JsonLineFramer(max, JsonMapper.builder().build(), out::add);
    }

    private void feed(JsonLineFramer framer, String... chunks) {
        for (String chunk : chunks) {
            byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
            framer.feed(bytes, 0, bytes.length);
        }
    }

    @Test
    void rebuildsAnObjectSplitAcrossReads() {
        var framer = framer(1024);
        feed(framer, "{\"type\":\"sys", "tem\",\"subtype\"", ":\"init\"}\n");
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().get("subtype").asString()).isEqualTo("init");
    }

    @Test
    void rebuildsAMultiByteCharacterSplitBetweenChunks() {
        var framer = framer(1024);
        byte[] bytes = "{\"text\":\"héllo ✓\"}\n".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            framer.feed(bytes, i, 1); // one byte per read, so the UTF-8 sequences are cut
        }
        assertThat(out).singleElement().satisfies(node -> assertThat(node.get("text").asString()).isEqualTo("héllo ✓"));
    }

    @Test
    void deliversTwoObjectsFromOneChunkInOrder() {
        var framer = framer(1024);
        feed(framer, "{\"n\":1}\n{\"n\":2}\n{\"n\":");
        assertThat(out).extracting(node -> node.get("n").asInt()).containsExactly(1, 2);
        feed(framer, "3}\n");
        assertThat(out).extracting(node -> node.get("n").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void honoursAnOffsetIntoTheChunk() {
        var framer = framer(1024);
        byte[] bytes = "xx{\"n\":1}\nyy".getBytes(StandardCharsets.UTF_8);
        framer.feed(bytes, 2, 8);
        assertThat(out).singleElement().satisfies(node -> assertThat(node.get("n").asInt()).isEqualTo(1));
    }

    @Test
    void rejectsACompleteLineAboveTheCap() {
        var framer = framer(32);
        String big = "{\"text\":\"" + "a".repeat(40) + "\"}\n";
        assertThatThrownBy(() -> feed(framer, big)).isInstanceOf(CliProtocolException.class)
                .hasMessageContaining("limit of 32 bytes");
    }

    @Test
    void rejectsAnIncompleteLineAboveTheCapBeforeItsNewlineArrives() {
        var framer = framer(32);
        feed(framer, "{\"text\":\"" + "a".repeat(20));
        assertThatThrownBy(() -> feed(framer, "a".repeat(20))).isInstanceOf(CliProtocolException.class)
                .satisfies(e -> assertThat(((CliProtocolException) e).line()).startsWith("{\"text\":\"aaa"));
    }

    @Test
    void acceptsALineOfExactlyTheCap() {
        String line = "{\"t\":\"" + "a".repeat(20) + "\"}";
        var framer = framer(line.length());
        feed(framer, line + "\n");
        assertThat(out).hasSize(1);
    }

    @Test
    void defaultCapIsSixtyFourMebibytes() {
        assertThat(StreamCliTransport.Options.defaults().maxLineBytes()).isEqualTo(64 << 20);
    }

    @Test
    void deliversAFiveMebibyteMessageUnderTheDefaultCap() {
        var framer = framer(StreamCliTransport.Options.DEFAULT_MAX_LINE_BYTES);
        String text = "x".repeat(5 << 20);
        // split like a pipe does: 64 KiB reads
        byte[] line = ("{\"type\":\"assistant\",\"text\":\"" + text + "\"}\n{\"n\":2}\n")
                .getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < line.length; offset += 65536) {
            framer.feed(line, offset, Math.min(65536, line.length - offset));
        }
        assertThat(out).hasSize(2);
        assertThat(out.getFirst().get("text").asString()).hasSize(5 << 20);
        assertThat(out.get(1).get("n").asInt()).isEqualTo(2);
    }

    @Test
    void aLineAboveTheDefaultCapFailsWithAMessageNamingTheLimit() {
        var framer = framer(StreamCliTransport.Options.DEFAULT_MAX_LINE_BYTES);
        byte[] mebibyte = new byte[1 << 20];
        Arrays.fill(mebibyte, (byte) 'a');
        feed(framer, "{\"text\":\"");
        for (int i = 0; i < 63; i++) {
            framer.feed(mebibyte, 0, mebibyte.length);
        }
        assertThatThrownBy(() -> framer.feed(mebibyte, 0, mebibyte.length)).isInstanceOf(CliProtocolException.class)
                .hasMessageContaining("67108864 bytes (64 MiB)").hasMessageContaining("POCO_RUNNER_MAX_CLI_LINE_MB")
                .satisfies(e -> assertThat(((CliProtocolException) e).line()).hasSizeLessThanOrEqualTo(4097));
        assertThat(out).isEmpty();
        // the framer stays usable for whoever reads on (the transport itself stops at the error)
        feed(framer, "{\"n\":1}\n");
        assertThat(out).hasSize(1);
    }

    @Test
    void skipsBlankAndNonJsonLines() {
        var framer = framer(1024);
        feed(framer, "\n", "   \n", "[debug] starting up\n", "{\"n\":1}\n", "Warning: something\r\n", "{\"n\":2}\r\n");
        assertThat(out).extracting(node -> node.get("n").asInt()).containsExactly(1, 2);
    }

    @Test
    void throwsOnALineThatStartsLikeJsonButDoesNotParse() {
        var framer = framer(1024);
        assertThatThrownBy(() -> feed(framer, "{\"type\": oops}\n")).isInstanceOf(CliProtocolException.class)
                .satisfies(e -> assertThat(((CliProtocolException) e).line()).isEqualTo("{\"type\": oops}"));
    }

    @Test
    void yieldsACompleteLastLineWithoutNewlineAtEof() {
        var framer = framer(1024);
        feed(framer, "{\"n\":1}\n{\"n\":2}");
        assertThat(out).hasSize(1);
        framer.finish();
        assertThat(out).extracting(node -> node.get("n").asInt()).containsExactly(1, 2);
    }

    @Test
    void dropsATruncatedLastLineAtEof() {
        var framer = framer(1024);
        feed(framer, "{\"n\":1}\n{\"n\":2,\"text\":\"cut off he");
        framer.finish();
        assertThat(out).extracting(node -> node.get("n").asInt()).containsExactly(1);
    }

    @Test
    void finishWithNothingBufferedDoesNothing() {
        var framer = framer(1024);
        feed(framer, "{\"n\":1}\n");
        framer.finish();
        framer.finish();
        assertThat(out).hasSize(1);
    }

    @Test
    void feedsAChunkListRecordedFromTheRealCli() {
        // The init line of a real 2.1.197 run, cut at arbitrary points as the pipe delivers it.
        String line = "{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"/ws\",\"session_id\":\"s-1\","
                + "\"tools\":[\"Bash\",\"Write\"],\"model\":\"claude-opus-4-8[1m]\"}\n";
        var framer = framer(1024);
        List<String> chunks = Arrays.asList(line.substring(0, 7), line.substring(7, 50), line.substring(50));
        chunks.forEach(chunk -> feed(framer, chunk));
        assertThat(out).singleElement()
                .satisfies(node -> assertThat(node.get("tools").size()).isEqualTo(2));
    }
}
