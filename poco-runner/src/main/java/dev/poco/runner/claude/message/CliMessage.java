package dev.poco.runner.claude.message;

import tools.jackson.databind.node.ObjectNode;

/**
 * One typed stream-json message from Claude Code. Handle it with an exhaustive {@code switch}; every variant keeps
 * the whole {@link #raw()} object, so nothing the CLI sent is lost.
 */
public sealed interface CliMessage permits SystemMessage, AssistantMessage, UserMessage, ResultMessage, StreamEvent {

    /** The message exactly as the CLI wrote it. */
    ObjectNode raw();
}
