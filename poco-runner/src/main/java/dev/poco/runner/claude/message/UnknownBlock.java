package dev.poco.runner.claude.message;

import tools.jackson.databind.JsonNode;

/**
 * A content block of a type this driver does not model ({@code image}, {@code redacted_thinking},
 * {@code server_tool_use}…), kept raw. The runner's poco mapping leaves it out, as the Python SDK 0.1.44 does.
 */
public record UnknownBlock(String type, JsonNode raw) implements ContentBlock {}
