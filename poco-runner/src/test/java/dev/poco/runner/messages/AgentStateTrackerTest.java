package dev.poco.runner.messages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.AgentState;
import dev.poco.runner.claude.message.AssistantMessage;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.MessageParser;
import dev.poco.runner.claude.message.Transcripts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentStateTrackerTest {

    private static AssistantMessage todoWrite(String todosJson) {
        return (AssistantMessage) MessageParser.parse(Transcripts.json("""
                {"type":"assistant","message":{"model":"m","content":[{"type":"tool_use","id":"t","name":"TodoWrite",\
                "input":{"todos":%s}}]}}""".formatted(todosJson))).orElseThrow();
    }

    @Test
    void followsTheTodoListOfARecordedTurn() {
        var tracker = new AgentStateTracker();
        List<Integer> progress = new ArrayList<>();
        List<String> steps = new ArrayList<>();

        for (CliMessage message : Transcripts.messages("todo-thinking")) {
            if (tracker.accept(message)) {
                progress.add(tracker.progress());
                steps.add(tracker.state().currentStep());
            }
        }

        assertThat(progress).containsExactly(0, 50);
        assertThat(steps).containsExactly("Writing the file", "Checking the file");
        assertThat(tracker.state().todos()).containsExactly(
                new AgentState.Todo("Write the file", "completed", "Writing the file"),
                new AgentState.Todo("Check the file", "in_progress", "Checking the file"));
        assertThat(tracker.state().workspaceState()).isNull();
    }

    @Test
    void startsEmptyWithZeroProgress() {
        var tracker = new AgentStateTracker();

        assertThat(tracker.progress()).isZero();
        assertThat(tracker.state().todos()).isEmpty();
        assertThat(tracker.state().mcpStatus()).isEmpty();
        assertThat(tracker.state().currentStep()).isNull();
    }

    @Test
    void floorsProgressAndFallsBackToContentWithoutActiveForm() {
        var tracker = new AgentStateTracker();

        tracker.accept(todoWrite("""
                [{"content":"a","status":"completed","activeForm":"A-ing"},{"content":"b","status":"in_progress"},\
                {"content":"c","status":"pending","activeForm":"C-ing"}]"""));

        assertThat(tracker.progress()).isEqualTo(33);
        assertThat(tracker.state().currentStep()).isEqualTo("b");
        assertThat(tracker.state().todos().get(1).activeForm()).isNull();
    }

    @Test
    void clearsTheCurrentStepWhenNothingIsInProgress() {
        var tracker = new AgentStateTracker();
        tracker.accept(todoWrite("[{\"content\":\"a\",\"status\":\"in_progress\",\"activeForm\":\"A-ing\"}]"));

        tracker.accept(todoWrite("[{\"content\":\"a\",\"status\":\"completed\",\"activeForm\":\"A-ing\"}]"));

        assertThat(tracker.state().currentStep()).isNull();
        assertThat(tracker.progress()).isEqualTo(100);
    }

    @Test
    void ignoresOtherMessagesAndTools() {
        var tracker = new AgentStateTracker();

        for (CliMessage message : Transcripts.messages("bash-turn")) {
            assertThat(tracker.accept(message)).isFalse();
        }
        assertThat(tracker.state()).isEqualTo(AgentState.EMPTY);
    }

    @Test
    void keepsTheRestOfAnInitialState() {
        var initial = new AgentState(null, null, new AgentState.Browser(true), null, null);
        var tracker = new AgentStateTracker(initial);

        tracker.accept(todoWrite("[{\"content\":\"a\",\"status\":\"pending\",\"activeForm\":\"A-ing\"}]"));

        assertThat(tracker.state().browser()).isEqualTo(new AgentState.Browser(true));
        assertThat(tracker.state().mcpStatus()).isEmpty();
        assertThat(tracker.state().todos()).hasSize(1);
    }
}
