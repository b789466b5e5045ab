package dev.poco.runner.claude.protocol;

import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One {@code can_use_tool} control request from the CLI: it wants to run {@code toolName} with {@code input}.
 *
 * @param requestId the control request id (answers and cancellations refer to it)
 * @param toolName e.g. {@code Bash}, {@code Write}, {@code AskUserQuestion}, {@code ExitPlanMode}, {@code mcp__…}
 * @param input the tool input the model produced
 * @param toolUseId the id of the model's tool_use block, when the CLI sends it (2.1.197 always does)
 * @param permissionSuggestions the rule suggestions the CLI offers (may be empty)
 * @param request the whole {@code request} object, for fields not modelled here ({@code decision_reason_type},
 *     {@code blocked_path}, {@code display_name}, {@code description}…)
 */
public record ToolPermissionRequest(String requestId, String toolName, ObjectNode input, @Nullable String toolUseId,
        List<JsonNode> permissionSuggestions, ObjectNode request) {

    public ToolPermissionRequest {
        permissionSuggestions = List.copyOf(permissionSuggestions);
    }

    /** {@code request.decision_reason_type} if present; 2.1.197 sends {@code "mode"} for edits asked in plan mode. */
    public @Nullable String decisionReasonType() {
        JsonNode node = request.get("decision_reason_type");
        return node != null && node.isString() ? node.asString() : null;
    }
}
