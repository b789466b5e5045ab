package dev.poco.server.support;

import java.util.List;
import java.util.Map;

/** Serialized Claude Agent SDK messages as a runner reports them in callbacks ({@code _type}-tagged). */
public final class Sdk {

    private Sdk() {}

    public static Map<String, Object> assistantText(String text) {
        return Map.of("_type", "AssistantMessage", "model", "claude-test",
                "content", List.of(Map.of("_type", "TextBlock", "text", text)));
    }

    public static Map<String, Object> toolUse(String toolUseId, String name, Map<String, Object> input) {
        return Map.of("_type", "AssistantMessage", "model", "claude-test", "content", List.of(
                Map.of("_type", "ToolUseBlock", "id", toolUseId, "name", name, "input", input)));
    }

    public static Map<String, Object> toolResult(String toolUseId, String output, boolean isError) {
        return Map.of("_type", "UserMessage", "content", List.of(
                Map.of("_type", "ToolResultBlock", "tool_use_id", toolUseId, "content", output, "is_error", isError)));
    }

    public static Map<String, Object> result(double costUsd, int durationMs, Map<String, Object> usage) {
        return Map.of("_type", "ResultMessage", "subtype", "success", "is_error", false, "num_turns", 1,
                "session_id", "sdk-test", "total_cost_usd", costUsd, "duration_ms", durationMs, "usage", usage);
    }
}
