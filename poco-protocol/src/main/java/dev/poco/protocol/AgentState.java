package dev.poco.protocol;

import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * poco's AgentCurrentState, stored in {@code agent_sessions.state_patch}: todos, MCP status,
 * browser, the workspace's git changes, and the current step. A stored {@code {}} reads as empty.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AgentState(
        @Nullable List<Todo> todos,
        @Nullable List<McpStatus> mcpStatus,
        @Nullable Browser browser,
        @Nullable WorkspaceState workspaceState,
        @Nullable String currentStep) {

    public static final AgentState EMPTY = new AgentState(List.of(), List.of(), null, null, null);

    /** The same state with null lists read as empty, as poco renders it. */
    public AgentState normalized() {
        return new AgentState(todos == null ? List.of() : todos, mcpStatus == null ? List.of() : mcpStatus,
                browser, workspaceState, currentStep);
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Todo(String content, String status, @Nullable String activeForm) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record McpStatus(String serverName, String status, @Nullable String message) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Browser(boolean enabled) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WorkspaceState(
            @Nullable String repository,
            @Nullable String branch,
            int totalAddedLines,
            int totalDeletedLines,
            List<FileChange> fileChanges,
            OffsetDateTime lastChange) {}

    /** {@code status}: added, modified, staged, deleted or renamed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FileChange(
            String path,
            String status,
            int addedLines,
            int deletedLines,
            @Nullable String diff,
            @Nullable String oldPath) {}
}
