package dev.poco.server.subagents;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Bodies of {@code /subagents} and its internal resolve. */
final class SubagentRequests {

    static final int MAX_TEXT = 200_000;
    /** poco's accepted values; the model is never stored (no per-agent override). */
    static final String MODELS = "sonnet|opus|haiku|inherit";

    private SubagentRequests() {}

    /** {@code POST /subagents}. */
    record Create(
            @NotNull @Size(max = 255) @Nullable String name,
            @Nullable Boolean enabled,
            @Size(max = 20) @Nullable String mode,
            @Size(max = 255) @Nullable String description,
            @Size(max = MAX_TEXT) @Nullable String prompt,
            @Size(max = 1000) @Nullable List<@NotNull @Size(max = 255) String> tools,
            @Pattern(regexp = MODELS, message = "must be one of sonnet, opus, haiku, inherit") @Nullable String model,
            @Size(max = MAX_TEXT) @Nullable String rawMarkdown) {}

    /**
     * {@code PATCH /subagents/{id}}: an absent or null field keeps its value ({@code tools: []} clears the list);
     * the payload of the mode the agent does not end up in is cleared.
     */
    record Update(
            @Size(max = 255) @Nullable String name,
            @Nullable Boolean enabled,
            @Size(max = 20) @Nullable String mode,
            @Size(max = 255) @Nullable String description,
            @Size(max = MAX_TEXT) @Nullable String prompt,
            @Size(max = 1000) @Nullable List<@NotNull @Size(max = 255) String> tools,
            @Pattern(regexp = MODELS, message = "must be one of sonnet, opus, haiku, inherit") @Nullable String model,
            @Size(max = MAX_TEXT) @Nullable String rawMarkdown) {}

    /** {@code POST /internal/subagents/resolve}: null means the user's enabled subagents, {@code []} none. */
    record Resolve(@Size(max = 10_000) @Nullable List<@NotNull Integer> subagentIds) {}
}
