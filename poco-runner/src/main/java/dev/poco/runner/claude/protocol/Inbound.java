package dev.poco.runner.claude.protocol;

import dev.poco.runner.claude.error.CliException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/** What {@link ControlProtocol#take()} yields: the next ordinary message, or the end of the CLI's output. */
public sealed interface Inbound {

    /** One stream-json message that is not control traffic ({@code system}, {@code assistant}, {@code result}…). */
    record Message(ObjectNode json) implements Inbound {}

    /**
     * Stdout ended. Every later {@code take()} returns this again.
     *
     * @param error null on a clean EOF; otherwise why the stream broke
     */
    record EndOfStream(@Nullable CliException error) implements Inbound {}
}
