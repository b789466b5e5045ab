package dev.poco.runner.run;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.SdkTypes;
import dev.poco.runner.messages.PocoMessage;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.runner.workspace.WorkspaceManager;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The agent state sent with each callback (poco sends the full state every time): todos and the
 * current step from the CLI's messages, plus the workspace's git changes, recomputed only after a
 * tool returned (nothing else changes files) and once at the end.
 */
final class StateReporter {

    private final WorkspaceManager workspaces;
    private final SessionWorkspace workspace;
    private AgentState.@Nullable WorkspaceState files;
    private AgentState latest = AgentState.EMPTY;
    private int progress;

    StateReporter(WorkspaceManager workspaces, SessionWorkspace workspace) {
        this.workspaces = workspaces;
        this.workspace = workspace;
    }

    synchronized AgentState update(PocoMessage message) {
        if (isToolResult(message.poco())) {
            files = workspaces.state(workspace);
        }
        progress = message.progress();
        latest = combine(message.state());
        return latest;
    }

    synchronized AgentState finalState() {
        files = workspaces.state(workspace);
        latest = combine(latest);
        return latest;
    }

    synchronized int progress() {
        return progress;
    }

    private AgentState combine(AgentState agent) {
        return new AgentState(agent.todos() == null ? List.of() : agent.todos(),
                agent.mcpStatus() == null ? List.of() : agent.mcpStatus(), agent.browser(), files, agent.currentStep());
    }

    static boolean isToolResult(JsonNode poco) {
        if (!poco.path(SdkTypes.TYPE_FIELD).asString("").contains(SdkTypes.USER_MESSAGE)) {
            return false;
        }
        for (JsonNode block : poco.path("content")) {
            if (block.path(SdkTypes.TYPE_FIELD).asString("").contains(SdkTypes.TOOL_RESULT_BLOCK)) {
                return true;
            }
        }
        return false;
    }
}
