package dev.poco.runner.claude.protocol;

/**
 * Decides whether the CLI may run a tool ({@code can_use_tool}). This is where AskUserQuestion answers and plan
 * approvals (ExitPlanMode) are collected, so an implementation may block for minutes.
 *
 * <p>Threading: each call runs on its own virtual thread, never on the stdout reader thread, so a blocking handler
 * does not stall the message stream or other control traffic. Calls can overlap.
 *
 * <p>Cancellation: when the CLI withdraws the request ({@code control_cancel_request}, e.g. after an interrupt) or
 * the protocol closes, the handler's thread is interrupted and its answer, if any, is discarded.
 *
 * <p>Failure: an exception other than {@link InterruptedException} is reported to the CLI as an error response; CLI
 * 2.1.197 then gives the model an error tool_result "Tool permission request failed: Error: …" and continues.
 */
@FunctionalInterface
public interface ToolPermissionHandler {

    PermissionDecision decide(ToolPermissionRequest request) throws InterruptedException;

    /** Allows every tool with its input unchanged. */
    static ToolPermissionHandler allowAll() {
        return request -> PermissionDecision.allow();
    }
}
