package dev.poco.runner.messages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.SdkTypes;
import dev.poco.runner.claude.message.AssistantMessage;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.MessageParser;
import dev.poco.runner.claude.message.ResultMessage;
import dev.poco.runner.claude.message.StreamEvent;
import dev.poco.runner.claude.message.SystemMessage;
import dev.poco.runner.claude.message.TextBlock;
import dev.poco.runner.claude.message.ThinkingBlock;
import dev.poco.runner.claude.message.ToolResultBlock;
import dev.poco.runner.claude.message.ToolUseBlock;
import dev.poco.runner.claude.message.Transcripts;
import dev.poco.runner.claude.message.UserMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.node.ObjectNode;

class SdkMessageMapperTest {

    static final List<String> TRANSCRIPTS = Transcripts.ALL;

    private static ObjectNode poco(CliMessage message) {
        return SdkMessageMapper.toPoco(message);
    }

    private static List<String> keys(ObjectNode node) {
        return node.properties().stream().map(e -> e.getKey()).toList();
    }

    @ParameterizedTest
    @FieldSource("TRANSCRIPTS")
    void mapsEveryRecordedMessageWithTheSdkFieldsInOrder(String name) {
        for (CliMessage message : Transcripts.messages(name)) {
            ObjectNode json = poco(message);
            List<String> expected = switch (message) {
                case UserMessage m -> List.of("_type", "content", "uuid", "parent_tool_use_id", "tool_use_result");
                case AssistantMessage m -> List.of("_type", "content", "model", "parent_tool_use_id", "error");
                case SystemMessage m -> List.of("_type", "subtype", "data");
                case ResultMessage m -> List.of("_type", "subtype", "duration_ms", "duration_api_ms", "is_error",
                        "num_turns", "session_id", "total_cost_usd", "usage", "result", "structured_output");
                case StreamEvent m -> List.of("_type", "uuid", "session_id", "event", "parent_tool_use_id");
            };
            assertThat(keys(json)).as(message.raw().toString()).isEqualTo(expected);
        }
    }

    @Test
    void mapsABashTurnExactlyAsPocoStoredIt() {
        List<CliMessage> messages = Transcripts.messages("bash-turn");

        ObjectNode init = poco(messages.get(0));
        assertThat(init.get("_type").asString()).isEqualTo(SdkTypes.SYSTEM_MESSAGE);
        assertThat(init.get("subtype").asString()).isEqualTo("init");
        assertThat(init.get("data")).isEqualTo(messages.get(0).raw());

        ObjectNode assistant = poco(messages.get(1));
        assertThat(assistant.toString()).isEqualTo("{\"_type\":\"AssistantMessage\",\"content\":[{\"_type\":"
                + "\"ToolUseBlock\",\"id\":\"toolu_bash_1\",\"name\":\"Bash\",\"input\":{\"command\":"
                + "\"echo hello > out.txt\",\"description\":\"run echo hello > out.txt\"}}],\"model\":"
                + "\"claude-opus-4-8\",\"parent_tool_use_id\":null,\"error\":null}");

        ObjectNode user = poco(messages.get(2));
        assertThat(user.get("content").toString()).isEqualTo("[{\"_type\":\"ToolResultBlock\",\"tool_use_id\":"
                + "\"toolu_bash_1\",\"content\":\"(Bash completed with no output)\",\"is_error\":false}]");
        assertThat(user.get("uuid")).isEqualTo(messages.get(2).raw().get("uuid"));
        assertThat(user.get("tool_use_result")).isEqualTo(messages.get(2).raw().get("tool_use_result"));

        ObjectNode text = poco(messages.get(3));
        assertThat(text.get("content").toString())
                .isEqualTo("[{\"_type\":\"TextBlock\",\"text\":\"Done, wrote out.txt\"}]");

        ObjectNode result = poco(messages.get(4));
        ObjectNode raw = messages.get(4).raw();
        assertThat(result.get("_type").asString()).isEqualTo(SdkTypes.RESULT_MESSAGE);
        for (String field : List.of("subtype", "duration_ms", "duration_api_ms", "is_error", "num_turns",
                "session_id", "total_cost_usd", "usage", "result")) {
            assertThat(result.get(field)).as(field).isEqualTo(raw.get(field));
        }
        assertThat(result.get("structured_output").isNull()).isTrue();
    }

    @Test
    void mapsThinkingBlocks() {
        ObjectNode thinking = poco(Transcripts.messages("todo-thinking").get(2));

        assertThat(thinking.get("content").toString()).isEqualTo(
                "[{\"_type\":\"ThinkingBlock\",\"thinking\":\"Plan first.\",\"signature\":\"sig-1\"}]");
    }

    @Test
    void mapsAnErrorResultWithNullResultText() {
        ObjectNode result = poco(Transcripts.messages("interrupt-slow").getLast());

        assertThat(result.get("is_error").asBoolean()).isTrue();
        assertThat(result.get("subtype").asString()).isEqualTo("error_during_execution");
        assertThat(result.get("result").isNull()).isTrue();
    }

    @Test
    void keepsAMissingIsErrorAsNull() {
        ObjectNode user = poco(Transcripts.messages("ask-user-question").get(2));

        assertThat(user.get("content").get(0).get("is_error").isNull()).isTrue();
        assertThat(user.get("tool_use_result").get("answers").get("Which color do you prefer?").asString())
                .isEqualTo("Blue");
    }

    @Test
    void mapsStringUserContentAsAString() {
        var message = MessageParser.parse(Transcripts.json(
                "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hello\"}}")).orElseThrow();

        assertThat(poco(message).toString()).isEqualTo("{\"_type\":\"UserMessage\",\"content\":\"hello\",\"uuid\":null,"
                + "\"parent_tool_use_id\":null,\"tool_use_result\":null}");
    }

    @Test
    void leavesUnknownBlocksOutAsTheSdkDoes() {
        var message = MessageParser.parse(Transcripts.json("""
                {"type":"assistant","message":{"model":"m","content":[{"type":"redacted_thinking","data":"x"},\
                {"type":"text","text":"hi"}]},"parent_tool_use_id":"toolu_parent","error":"rate_limit"}""")).orElseThrow();

        assertThat(poco(message).toString()).isEqualTo("{\"_type\":\"AssistantMessage\",\"content\":[{\"_type\":"
                + "\"TextBlock\",\"text\":\"hi\"}],\"model\":\"m\",\"parent_tool_use_id\":\"toolu_parent\","
                + "\"error\":\"rate_limit\"}");
    }

    @Test
    void copiesNumbersExactly() {
        var message = MessageParser.parse(Transcripts.json("""
                {"type":"result","subtype":"success","duration_ms":360,"duration_api_ms":200,"is_error":false,\
                "num_turns":6,"session_id":"s","total_cost_usd":0.0033000000000000004,"usage":{"input_tokens":60},\
                "structured_output":{"a":1}}""")).orElseThrow();

        ObjectNode json = poco(message);
        assertThat(json.get("total_cost_usd").toString()).isEqualTo("0.0033000000000000004");
        assertThat(json.get("structured_output").toString()).isEqualTo("{\"a\":1}");
    }

    @Test
    void mapsStreamEvents() {
        var message = MessageParser.parse(Transcripts.json("""
                {"type":"stream_event","uuid":"u","session_id":"s","parent_tool_use_id":null,\
                "event":{"type":"ping"}}""")).orElseThrow();

        assertThat(poco(message).toString()).isEqualTo("{\"_type\":\"StreamEvent\",\"uuid\":\"u\",\"session_id\":\"s\","
                + "\"event\":{\"type\":\"ping\"},\"parent_tool_use_id\":null}");
    }
}
