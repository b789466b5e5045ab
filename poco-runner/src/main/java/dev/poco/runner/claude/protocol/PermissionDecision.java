package dev.poco.runner.claude.protocol;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** The answer to one {@code can_use_tool} request. */
public sealed interface PermissionDecision {

    /**
     * Run the tool.
     *
     * @param updatedInput the input the tool runs with; null means the input the CLI asked about, unchanged. For
     *     {@code AskUserQuestion} this is how answers travel: {@code {"questions": [...], "answers": {"<question
     *     text>": "<answer>"}}}
     */
    record Allow(@Nullable ObjectNode updatedInput) implements PermissionDecision {}

    /**
     * Do not run the tool. The model receives an error tool_result with {@code message}.
     *
     * @param interrupt also end the turn: the CLI then reports the tool_result with its generic "The user doesn't
     *     want to proceed…" text (not {@code message}), adds a user text "[Request interrupted by user for tool use]"
     *     and ends with a {@code result} of subtype {@code error_during_execution}, {@code terminal_reason}
     *     {@code aborted_tools}, {@code is_error} true (verified with CLI 2.1.197)
     */
    record Deny(String message, boolean interrupt) implements PermissionDecision {}

    static PermissionDecision allow() {
        return new Allow(null);
    }

    static PermissionDecision allow(ObjectNode updatedInput) {
        return new Allow(updatedInput);
    }

    static PermissionDecision deny(String message) {
        return new Deny(message, false);
    }

    static PermissionDecision denyAndInterrupt(String message) {
        return new Deny(message, true);
    }
}
