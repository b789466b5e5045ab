package dev.poco.runner.claude.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.runner.claude.error.MessageParseException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class MessageParserTest {

    static final List<String> TRANSCRIPTS = Transcripts.ALL;

    @ParameterizedTest
    @FieldSource("TRANSCRIPTS")
    void parsesEveryMessageOfARecordedTranscript(String name) {
        List<ObjectNode> objects = Transcripts.objects(name).stream()
                .filter(o -> !Transcripts.CONTROL_TYPES.contains(o.get("type").asString())).toList();

        List<CliMessage> messages = objects.stream().map(MessageParser::parse).flatMap(Optional::stream).toList();

        assertThat(messages).hasSameSizeAs(objects);
        assertThat(messages.getFirst()).isInstanceOfSatisfying(SystemMessage.class, init -> {
            assertThat(init.isInit()).isTrue();
            assertThat(init.sessionId()).isNotBlank();
            assertThat(init.tools()).contains("Bash", "AskUserQuestion");
        });
        assertThat(messages.getLast()).isInstanceOfSatisfying(ResultMessage.class,
                result -> assertThat(result.sessionId()).isEqualTo(((SystemMessage) messages.getFirst()).sessionId()));
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i).raw()).isSameAs(objects.get(i));
        }
    }

    @Test
    void parsesABashTurn() {
        List<CliMessage> messages = Transcripts.messages("bash-turn");

        assertThat(messages).hasSize(5);
        var toolUse = (AssistantMessage) messages.get(1);
        assertThat(toolUse.model()).isEqualTo("claude-opus-4-8");
        assertThat(toolUse.parentToolUseId()).isNull();
        assertThat(toolUse.messageId()).startsWith("msg_fake_");
        assertThat(toolUse.content()).singleElement().isInstanceOfSatisfying(ToolUseBlock.class, block -> {
            assertThat(block.id()).isEqualTo("toolu_bash_1");
            assertThat(block.name()).isEqualTo("Bash");
            assertThat(block.input().get("command").asString()).isEqualTo("echo hello > out.txt");
        });
        var toolResult = (UserMessage) messages.get(2);
        assertThat(toolResult.uuid()).isNotBlank();
        assertThat(toolResult.toolUseResult().get("stdout").asString()).isEmpty();
        assertThat(toolResult.content()).isInstanceOfSatisfying(UserContent.Blocks.class, blocks ->
                assertThat(blocks.blocks()).singleElement().isEqualTo(new ToolResultBlock("toolu_bash_1",
                        Transcripts.json("{\"c\":\"(Bash completed with no output)\"}").get("c"), false)));
        assertThat(((AssistantMessage) messages.get(3)).content())
                .containsExactly(new TextBlock("Done, wrote out.txt"));
        var result = (ResultMessage) messages.get(4);
        assertThat(result.subtype()).isEqualTo("success");
        assertThat(result.isError()).isFalse();
        assertThat(result.failed()).isFalse();
        assertThat(result.numTurns()).isEqualTo(2);
        assertThat(result.durationMs()).isPositive();
        assertThat(result.totalCostUsd()).isPositive();
        assertThat(result.usage().get("output_tokens").asInt()).isPositive();
        assertThat(result.result()).isEqualTo("Done, wrote out.txt");
        assertThat(result.terminalReason()).isEqualTo("completed");
        assertThat(result.stopReason()).isEqualTo("end_turn");
        assertThat(result.apiErrorStatus()).isNull();
        assertThat(result.structuredOutput()).isNull();
    }

    @Test
    void parsesThinkingAndTheCliSplittingOneResponseIntoOneLinePerBlock() {
        List<CliMessage> messages = Transcripts.messages("todo-thinking");

        assertThat(messages.get(1)).isInstanceOfSatisfying(SystemMessage.class,
                system -> assertThat(system.subtype()).isEqualTo("thinking_tokens"));
        var thinking = (AssistantMessage) messages.get(2);
        var todo = (AssistantMessage) messages.get(3);
        assertThat(thinking.content()).containsExactly(new ThinkingBlock("Plan first.", "sig-1"));
        assertThat(todo.content()).singleElement().isInstanceOf(ToolUseBlock.class);
        assertThat(thinking.messageId()).isEqualTo(todo.messageId());
    }

    @Test
    void parsesInterruptedTurnsAsFailedResults() {
        var slow = (ResultMessage) Transcripts.messages("interrupt-slow").getLast();
        assertThat(slow.failed()).isTrue();
        assertThat(slow.subtype()).isEqualTo("error_during_execution");
        assertThat(slow.terminalReason()).isEqualTo("aborted_streaming");
        assertThat(slow.result()).isNull();
        assertThat(slow.apiErrorStatus()).isNull();

        List<CliMessage> denied = Transcripts.messages("deny-interrupt");
        var interruptedText = (UserMessage) denied.get(denied.size() - 2);
        assertThat(interruptedText.content()).isEqualTo(new UserContent.Blocks(
                List.of(new TextBlock("[Request interrupted by user for tool use]"))));
        assertThat(((ResultMessage) denied.getLast()).terminalReason()).isEqualTo("aborted_tools");
    }

    @Test
    void keepsAskUserQuestionAnswersInToolUseResult() {
        var answer = (UserMessage) Transcripts.messages("ask-user-question").get(2);

        assertThat(answer.toolUseResult().get("answers").get("Which color do you prefer?").asString())
                .isEqualTo("Blue");
        var block = (ToolResultBlock) ((UserContent.Blocks) answer.content()).blocks().getFirst();
        assertThat(block.isError()).isNull(); // the CLI omits is_error here
    }

    @Test
    void keepsPlanModeStatusAsASystemMessage() {
        assertThat(Transcripts.messages("plan-mode")).filteredOn(SystemMessage.class::isInstance)
                .map(SystemMessage.class::cast).filteredOn(s -> s.subtype().equals("status")).singleElement()
                .satisfies(status -> assertThat(status.permissionMode()).isEqualTo("default"));
    }

    @Test
    void skipsUnknownTopLevelTypes() {
        assertThat(MessageParser.parse(Transcripts.json("{\"type\":\"keep_alive\"}"))).isEmpty();
        assertThat(MessageParser.parse(Transcripts.json("{\"type\":\"control_request\",\"request_id\":\"x\"}")))
                .isEmpty();
    }

    @Test
    void keepsUnknownSystemSubtypesRaw() {
        ObjectNode json = Transcripts.json("{\"type\":\"system\",\"subtype\":\"brand_new\",\"x\":[1,2]}");

        assertThat(MessageParser.parse(json)).hasValueSatisfying(message -> assertThat(message)
                .isEqualTo(new SystemMessage("brand_new", json)));
    }

    @Test
    void keepsUnknownContentBlocksRaw() {
        ObjectNode json = Transcripts.json("""
                {"type":"assistant","message":{"model":"m","content":[{"type":"redacted_thinking","data":"xyz"},\
                {"type":"text","text":"hi"}]}}""");

        var message = (AssistantMessage) MessageParser.parse(json).orElseThrow();

        assertThat(message.content()).hasSize(2).first().isInstanceOfSatisfying(UnknownBlock.class, block -> {
            assertThat(block.type()).isEqualTo("redacted_thinking");
            assertThat(block.raw().get("data").asString()).isEqualTo("xyz");
        });
        assertThat(message.error()).isNull();
        assertThat(message.sessionId()).isNull();
    }

    @Test
    void readsTheCliEchoOfSetModelAsAUserMessageWithStringContent() {
        assertThat(Transcripts.messages("interrupt-slow")).filteredOn(UserMessage.class::isInstance)
                .map(m -> ((UserMessage) m).content()).contains(new UserContent.Text(
                        "<local-command-stdout>Set model to claude-sonnet-4-6</local-command-stdout>"));
    }

    @Test
    void readsAUserMessageWithStringContent() {
        var message = (UserMessage) MessageParser.parse(Transcripts.json(
                "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hello\"},\"uuid\":\"u1\"}"))
                .orElseThrow();

        assertThat(message.content()).isEqualTo(new UserContent.Text("hello"));
        assertThat(message.uuid()).isEqualTo("u1");
        assertThat(message.toolUseResult()).isNull();
    }

    @Test
    void readsStreamEvents() {
        var event = (StreamEvent) MessageParser.parse(Transcripts.json("""
                {"type":"stream_event","uuid":"u","session_id":"s","parent_tool_use_id":null,\
                "event":{"type":"message_stop"}}""")).orElseThrow();

        assertThat(event.event().get("type").asString()).isEqualTo("message_stop");
        assertThat(event.parentToolUseId()).isNull();
    }

    @Test
    void throwsWithTheRawLineWhenARequiredFieldIsMissing() {
        String noSession = "{\"type\":\"result\",\"subtype\":\"success\",\"duration_ms\":1,\"duration_api_ms\":1,"
                + "\"is_error\":false,\"num_turns\":1}";

        assertThatThrownBy(() -> MessageParser.parse(Transcripts.json(noSession)))
                .isInstanceOf(MessageParseException.class).hasMessageContaining("session_id")
                .satisfies(e -> assertThat(((MessageParseException) e).rawLine()).isEqualTo(noSession));
        assertThatThrownBy(() -> MessageParser.parse(Transcripts.json("{\"type\":\"system\"}")))
                .isInstanceOf(MessageParseException.class).hasMessageContaining("subtype");
        assertThatThrownBy(() -> MessageParser.parse(Transcripts.json(
                "{\"type\":\"assistant\",\"message\":{\"content\":[]}}")))
                .isInstanceOf(MessageParseException.class).hasMessageContaining("model");
        assertThatThrownBy(() -> MessageParser.parse(Transcripts.json(
                "{\"type\":\"assistant\",\"message\":{\"model\":\"m\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\"}]}}")))
                .isInstanceOf(MessageParseException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> MessageParser.parse(Transcripts.json("{\"no_type\":1}")))
                .isInstanceOf(MessageParseException.class).hasMessageContaining("type");
    }
}
