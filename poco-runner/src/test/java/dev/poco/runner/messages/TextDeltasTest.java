package dev.poco.runner.messages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.TextDelta;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.MessageParser;
import dev.poco.runner.claude.message.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Issue 16: stream events of {@code --include-partial-messages}, as CLI 2.1.197 writes them, become text deltas. */
class TextDeltasTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CliMessage line(String json) {
        return MessageParser.parse((ObjectNode) JSON.readTree(json)).orElseThrow();
    }

    private static String stream(String event, String parent) {
        return "{\"type\":\"stream_event\",\"event\":" + event + ",\"session_id\":\"s\",\"parent_tool_use_id\":"
                + parent + ",\"uuid\":\"u\"}";
    }

    @Test
    void textAndThinkingDeltasCarryTheirMessageBlockAndOffset() {
        TextDeltas deltas = new TextDeltas();
        List<TextDelta> out = new ArrayList<>();
        for (String event : List.of(
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_A\",\"content\":[]}}",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hm\"}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\",\"signature\":\"x\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hello\"}}",
                "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"text_delta\",\"text\":\" you\"}}",
                "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_B\",\"content\":[]}}",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Next\"}}")) {
            deltas.accept((StreamEvent) line(stream(event, "null"))).ifPresent(out::add);
        }
        assertThat(out).containsExactly(
                new TextDelta("msg_A", 0, "thinking", 0, "Hm"),
                new TextDelta("msg_A", 1, "text", 0, "Hello"),
                new TextDelta("msg_A", 1, "text", 5, " you"),
                new TextDelta("msg_B", 0, "text", 0, "Next"));
    }

    @Test
    void subagentEventsAreLeftOut() {
        TextDeltas deltas = new TextDeltas();
        deltas.accept((StreamEvent) line(stream("{\"type\":\"message_start\",\"message\":{\"id\":\"msg_A\"}}", "null")));
        assertThat(deltas.accept((StreamEvent) line(stream(
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}",
                "\"toolu_1\"")))).isEmpty();
    }

    @Test
    void onlyTheLinesPartialMessagesAddAreLeftOutOfTheReport() {
        assertThat(TextDeltas.partialOnly(line(stream("{\"type\":\"ping\"}", "null")))).isTrue();
        assertThat(TextDeltas.partialOnly(line(
                "{\"type\":\"system\",\"subtype\":\"status\",\"status\":\"requesting\",\"session_id\":\"s\"}")))
                .isTrue();
        assertThat(TextDeltas.partialOnly(line(
                "{\"type\":\"system\",\"subtype\":\"status\",\"permissionMode\":\"default\",\"session_id\":\"s\"}")))
                .isFalse();
        assertThat(TextDeltas.partialOnly(line("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s\"}")))
                .isFalse();
    }
}
