package dev.poco.server.memories;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * poco's create body: {@code {messages: [{role, content}] (min 1), run_id?, metadata?}}. {@code infer} is mem0's
 * flag (default true: the model extracts facts); false stores the user messages as they are, which the agent's
 * {@code memory_create} tool asks for.
 */
public record CreateMemoriesRequest(
        @NotNull @NotEmpty List<@Valid @NotNull Message> messages,
        @Nullable String runId,
        @Nullable JsonNode metadata,
        @Nullable Boolean infer) {

    public record Message(@NotNull String role, @NotNull String content) {}
}
