package dev.poco.runner.claude.message;

/** One block of an assistant or user message's content. Handle with an exhaustive {@code switch}. */
public sealed interface ContentBlock permits TextBlock, ThinkingBlock, ToolUseBlock, ToolResultBlock, UnknownBlock {}
