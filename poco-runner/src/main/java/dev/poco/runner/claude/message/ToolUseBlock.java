package dev.poco.runner.claude.message;

import tools.jackson.databind.JsonNode;

/** {@code {"type":"tool_use","id":…,"name":…,"input":{…}}}: the model calls a tool. */
public record ToolUseBlock(String id, String name, JsonNode input) implements ContentBlock {}
