package dev.poco.runner.claude.message;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@code user} line: tool results, or texts the CLI adds itself (e.g. "[Request interrupted by user]").
 *
 * @param toolUseResult the CLI's structured tool result ({@code stdout}/{@code stderr} for Bash, {@code questions} and
 *     {@code answers} for AskUserQuestion, a string {@code "Error: …"} for denials); null when absent
 */
public record UserMessage(UserContent content, @Nullable String uuid, @Nullable String parentToolUseId,
        @Nullable JsonNode toolUseResult, @Nullable String sessionId, ObjectNode raw) implements CliMessage {}
