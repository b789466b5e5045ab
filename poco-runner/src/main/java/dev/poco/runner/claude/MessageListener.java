package dev.poco.runner.claude;

/**
 * Receives every message of a turn, in stdout order, on the thread that called
 * {@link ClaudeCliSession#runTurn}. The CLI keeps running while the listener works (control traffic such as
 * permission requests is handled elsewhere), but the next message is delivered only after this call returns. An
 * exception thrown here ends {@code runTurn} with that exception.
 */
@FunctionalInterface
public interface MessageListener {

    void onMessage(SessionMessage message);
}
