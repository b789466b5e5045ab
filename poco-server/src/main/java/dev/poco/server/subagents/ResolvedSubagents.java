package dev.poco.server.subagents;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** poco's subagent resolve answer: structured agents for the CLI's agents option, raw ones as markdown files. */
public record ResolvedSubagents(Map<String, Structured> structuredAgents, Map<String, String> rawAgents) {

    /** One structured agent; {@code model} is always null (the agent inherits the run's model). */
    public record Structured(String description, String prompt, @Nullable List<String> tools, @Nullable String model) {}
}
