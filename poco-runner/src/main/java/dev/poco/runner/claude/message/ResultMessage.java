package dev.poco.runner.claude.message;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code result} line that ends a turn.
 *
 * <p>Failure is {@link #failed()}: {@code is_error} true counts as failure even when {@code subtype} is
 * {@code success} (CLI 2.1.197 reports an API error 529 after retries as {@code success} + {@code is_error} +
 * {@code api_error_status 529}). Seen with 2.1.197: {@code success}/{@code completed};
 * {@code error_during_execution}/{@code aborted_streaming} after an interrupt while the model streams;
 * {@code error_during_execution}/{@code aborted_tools} after an interrupt or an interrupting deny at a tool.
 *
 * @param totalCostUsd the CLI's own cost estimate
 * @param result the final text; absent on error results
 * @param apiErrorStatus HTTP status of the API error, if any (the key is missing on interrupted results)
 */
public record ResultMessage(String subtype, long durationMs, long durationApiMs, boolean isError, int numTurns,
        String sessionId, @Nullable Double totalCostUsd, @Nullable JsonNode usage, @Nullable String result,
        @Nullable JsonNode structuredOutput, @Nullable String stopReason, @Nullable String terminalReason,
        @Nullable Integer apiErrorStatus, ObjectNode raw) implements CliMessage {

    public static final String SUCCESS = "success";

    /** True when the turn did not succeed: {@code is_error} or a subtype other than {@code success}. */
    public boolean failed() {
        return isError || !SUCCESS.equals(subtype);
    }
}
