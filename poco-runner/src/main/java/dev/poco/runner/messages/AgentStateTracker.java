package dev.poco.runner.messages;

import dev.poco.protocol.AgentState;
import dev.poco.runner.claude.message.AssistantMessage;
import dev.poco.runner.claude.message.CliMessage;
import dev.poco.runner.claude.message.ContentBlock;
import dev.poco.runner.claude.message.ToolUseBlock;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Derives poco's agent state from the message stream, as poco's TodoHook did. Feed it every {@link CliMessage}; on an
 * assistant {@code TodoWrite} tool_use it replaces the todo list ({@code content}, {@code status},
 * {@code activeForm} → {@code active_form}) and sets the current step to the {@code in_progress} item's active form
 * (else its content), or null when nothing is in progress.
 *
 * <p>Note: CLI 2.1.197 offers {@code TodoWrite} only with {@code CLAUDE_CODE_ENABLE_TASKS=0} in its environment
 * (otherwise it offers TaskCreate/TaskUpdate/… instead); see {@code ClaudeCommand#recommendedEnvironment()}.
 *
 * <p>The workspace state is not touched: another component fills it. Thread-safe.
 */
public final class AgentStateTracker {

    public static final String TODO_WRITE = "TodoWrite";

    private AgentState state;

    public AgentStateTracker() {
        this(AgentState.EMPTY);
    }

    /** Starts from {@code initial} (e.g. the session's stored state, or one with {@code browser} set). */
    public AgentStateTracker(AgentState initial) {
        this.state = initial.normalized();
    }

    /**
     * Updates the state from one message.
     *
     * @return true when the state changed
     */
    public synchronized boolean accept(CliMessage message) {
        if (!(message instanceof AssistantMessage assistant)) {
            return false;
        }
        boolean changed = false;
        for (ContentBlock block : assistant.content()) {
            if (block instanceof ToolUseBlock toolUse && TODO_WRITE.equals(toolUse.name())) {
                replaceTodos(toolUse.input().path("todos"));
                changed = true;
            }
        }
        return changed;
    }

    /** The current state (todos, MCP status, browser, current step; workspace state as given initially). */
    public synchronized AgentState state() {
        return state;
    }

    /** {@code floor(100 × completed / todos)}, 0 without todos. */
    public synchronized int progress() {
        List<AgentState.Todo> todos = state.todos();
        if (todos == null || todos.isEmpty()) {
            return 0;
        }
        long completed = todos.stream().filter(todo -> "completed".equals(todo.status())).count();
        return (int) (100 * completed / todos.size());
    }

    private void replaceTodos(JsonNode items) {
        List<AgentState.Todo> todos = new ArrayList<>();
        @Nullable String currentStep = null;
        boolean foundInProgress = false;
        for (JsonNode item : items) {
            String content = text(item, "content");
            String status = text(item, "status");
            var todo = new AgentState.Todo(content == null ? "" : content, status == null ? "pending" : status,
                    text(item, "activeForm"));
            todos.add(todo);
            if (!foundInProgress && "in_progress".equals(todo.status())) {
                foundInProgress = true;
                currentStep = todo.activeForm() != null ? todo.activeForm() : todo.content();
            }
        }
        state = new AgentState(List.copyOf(todos), state.mcpStatus(), state.browser(), state.workspaceState(),
                currentStep);
    }

    private static @Nullable String text(JsonNode item, String field) {
        JsonNode node = item.get(field);
        return node != null && node.isString() ? node.asString() : null;
    }
}
