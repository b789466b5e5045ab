package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RespondersTest {

    private final Function<RecordedRequest, Reply> demo = Responders.demo();

    @Test
    void demoRunsTheRunLineWithBashWhenBashIsOffered() {
        Reply reply = demo.apply(RecordedRequests.messages("""
                {"tools":[{"name":"Read"},{"name":"Bash"}],"messages":[{"role":"user","content":[
                  {"type":"text","text":"<system-reminder>run: not this</system-reminder>"},
                  {"type":"text","text":"Please list files.\\n  run:   ls -la /tmp  \\nthanks"}]}]}"""));

        assertThat(reply).isInstanceOfSatisfying(MessageReply.class, message -> {
            assertThat(message.content()).singleElement().isInstanceOfSatisfying(ContentBlock.ToolUse.class, tool -> {
                assertThat(tool.name()).isEqualTo("Bash");
                assertThat(tool.input().path("command").asString()).isEqualTo("ls -la /tmp");
                assertThat(tool.input().path("description").asString()).isNotBlank();
            });
            assertThat(message.effectiveStopReason()).isEqualTo("tool_use");
        });
    }

    @Test
    void demoEchoesWhenBashIsNotOfferedOrNoRunLineIsGiven() {
        Reply noBash = demo.apply(RecordedRequests.messages(
                "{\"tools\":[{\"name\":\"Read\"}],\"messages\":[{\"role\":\"user\",\"content\":\"run: ls\"}]}"));
        Reply noRun = demo.apply(RecordedRequests.messages(
                "{\"tools\":[{\"name\":\"Bash\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}"));

        assertThat(textOf(noBash)).startsWith("You said: run: ls");
        assertThat(textOf(noRun)).startsWith("You said: hello there").contains("run: <shell command>");
    }

    @Test
    void demoSummarisesTheToolResult() {
        Reply reply = demo.apply(RecordedRequests.messages("""
                {"tools":[{"name":"Bash"}],"messages":[
                  {"role":"user","content":"run: echo hi"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"t1","name":"Bash","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"hi\\n"}]}]}"""));

        assertThat(textOf(reply)).startsWith("Done.").contains("```\nhi\n```");
    }

    private static String textOf(Reply reply) {
        assertThat(reply).isInstanceOf(MessageReply.class);
        ContentBlock block = ((MessageReply) reply).content().getFirst();
        assertThat(block).isInstanceOf(ContentBlock.Text.class);
        return ((ContentBlock.Text) block).text();
    }
}
