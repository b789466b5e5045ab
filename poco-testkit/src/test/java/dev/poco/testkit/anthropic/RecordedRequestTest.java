package dev.poco.testkit.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordedRequestTest {

    /** Shaped like the CLI's second request: system message, reminder block, tool_use, tool_result. */
    private static final String CLI_LIKE = """
            {"model":"claude-opus-4-8","stream":true,
             "system":[{"type":"text","text":"You are Claude Code."},{"type":"text","text":"Be brief."}],
             "tools":[{"name":"Bash"},{"name":"Read"}],
             "messages":[
               {"role":"user","content":[{"type":"text","text":"<system-reminder>\\nctx\\n</system-reminder>"},
                                         {"type":"text","text":"do it\\nrun: ls"}]},
               {"role":"system","content":"agent types"},
               {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Bash","input":{}},
                                              {"type":"tool_use","id":"toolu_2","name":"Read","input":{}}]},
               {"role":"user","content":[
                 {"type":"tool_result","tool_use_id":"toolu_1","content":"hello"},
                 {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"line 1"},
                                                                            {"type":"text","text":"line 2"}]}]}
             ]}""";

    @Test
    void readsTheCliShapedBody() {
        RecordedRequest request = RecordedRequests.messages(CLI_LIKE);

        assertThat(request.model()).hasValue("claude-opus-4-8");
        assertThat(request.isStreaming()).isTrue();
        assertThat(request.isMessages()).isTrue();
        assertThat(request.messageCount()).isEqualTo(4);
        assertThat(request.toolNames()).containsExactly("Bash", "Read");
        assertThat(request.systemText()).isEqualTo("You are Claude Code.\nBe brief.");
        assertThat(request.hasToolResult()).isTrue();
        assertThat(request.toolResultIds()).containsExactly("toolu_1", "toolu_2");
        assertThat(request.toolResultContent("toolu_1")).hasValue("hello");
        assertThat(request.toolResultContent("toolu_2")).hasValue("line 1\nline 2");
        assertThat(request.toolResultContent("toolu_3")).isEmpty();
        assertThat(request.lastUserText()).isEmpty();
        assertThat(request.header("x-api-key")).hasValue("test");
        assertThat(request.header("CONTENT-TYPE")).hasValue("application/json");
    }

    @Test
    void theLastUserTextSkipsSystemMessagesAndThePromptDropsReminders() {
        RecordedRequest request = RecordedRequests.messages("""
                {"messages":[
                  {"role":"user","content":[{"type":"text","text":"<system-reminder>\\nctx\\n</system-reminder>"},
                                            {"type":"text","text":"do it"}]},
                  {"role":"system","content":"agent types"}]}""");

        assertThat(request.lastUserText()).isEqualTo("<system-reminder>\nctx\n</system-reminder>\ndo it");
        assertThat(request.lastUserPrompt()).isEqualTo("do it");
        assertThat(request.hasToolResult()).isFalse();
        assertThat(request.isStreaming()).isFalse();
    }

    @Test
    void acceptsPlainStringContentAndToleratesMissingFields() {
        assertThat(RecordedRequests.messages("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").lastUserText())
                .isEqualTo("hi");
        RecordedRequest empty = RecordedRequests.messages("{}");
        assertThat(empty.model()).isEmpty();
        assertThat(empty.messageCount()).isZero();
        assertThat(empty.messages()).isEmpty();
        assertThat(empty.lastUserMessage()).isEmpty();
        assertThat(empty.lastUserText()).isEmpty();
        assertThat(empty.toolNames()).isEmpty();
        assertThat(empty.hasToolResult()).isFalse();
        assertThat(empty.systemText()).isEmpty();
        assertThat(RecordedRequests.messages("{\"system\":\"plain\"}").systemText()).isEqualTo("plain");
    }
}
