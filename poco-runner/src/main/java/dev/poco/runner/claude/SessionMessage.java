package dev.poco.runner.claude;

import dev.poco.runner.claude.message.CliMessage;
import tools.jackson.databind.node.ObjectNode;

/**
 * One message of a turn.
 *
 * @param raw the stream-json object as the CLI wrote it
 * @param message the typed message
 */
public record SessionMessage(ObjectNode raw, CliMessage message) {}
