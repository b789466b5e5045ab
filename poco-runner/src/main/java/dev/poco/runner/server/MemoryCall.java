package dev.poco.runner.server;

import java.util.Map;

/** A call of poco's internal memory routes, as the agent's memory tools make them. */
public sealed interface MemoryCall {

    /** {@code POST /internal/memories}: {@code {messages, infer?, metadata?}}. */
    record Create(Map<String, ?> body) implements MemoryCall {}

    record List() implements MemoryCall {}

    record Search(String query) implements MemoryCall {}

    record Get(String memoryId) implements MemoryCall {}

    record Update(String memoryId, String text) implements MemoryCall {}

    record History(String memoryId) implements MemoryCall {}

    record Delete(String memoryId) implements MemoryCall {}

    record DeleteAll() implements MemoryCall {}
}
