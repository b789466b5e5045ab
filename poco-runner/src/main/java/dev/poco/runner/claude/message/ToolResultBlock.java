package dev.poco.runner.claude.message;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code {"type":"tool_result","tool_use_id":…,"content":…,"is_error":…}}, inside a user message.
 *
 * @param content a string or a list of blocks, as the CLI sent it; null when absent
 * @param isError null when the CLI omits the flag (it does for AskUserQuestion, Write and permission answers)
 */
public record ToolResultBlock(String toolUseId, @Nullable JsonNode content, @Nullable Boolean isError)
        implements ContentBlock {}
