package dev.poco.runner.claude.message;

/** {@code {"type":"thinking","thinking":…,"signature":…}}; CLI 2.1.197 sends it as its own assistant line. */
public record ThinkingBlock(String thinking, String signature) implements ContentBlock {}
