package dev.poco.server.subagents;

import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A row of {@code sub_agents}, and poco's SubAgentResponse (same fields; {@code model} always null). */
record Subagent(int id, String userId, String name, boolean enabled, String mode, @Nullable String description,
        @Nullable String prompt, @Nullable List<String> tools, @Nullable String model, @Nullable String rawMarkdown,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String RAW = "raw";
    static final String STRUCTURED = "structured";
}
