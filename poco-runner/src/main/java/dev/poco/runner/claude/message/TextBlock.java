package dev.poco.runner.claude.message;

/** {@code {"type":"text","text":…}}. */
public record TextBlock(String text) implements ContentBlock {}
