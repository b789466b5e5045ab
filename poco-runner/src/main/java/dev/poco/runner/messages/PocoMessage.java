package dev.poco.runner.messages;

import dev.poco.protocol.AgentState;
import dev.poco.runner.claude.message.CliMessage;
import tools.jackson.databind.node.ObjectNode;

/**
 * One message of a turn in poco's terms, as the runner reports it.
 *
 * @param raw the stream-json object as the CLI wrote it
 * @param message the typed message
 * @param poco the {@code _type}-tagged JSON poco stores (see {@link SdkMessageMapper})
 * @param state the agent state after this message (todos, current step; no workspace state)
 * @param progress {@code floor(100 × completed / todos)} after this message
 */
public record PocoMessage(ObjectNode raw, CliMessage message, ObjectNode poco, AgentState state, int progress) {}
