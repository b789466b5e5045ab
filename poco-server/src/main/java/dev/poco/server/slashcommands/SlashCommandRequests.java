package dev.poco.server.slashcommands;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Bodies of {@code /slash-commands} and its internal resolve. Text limits follow the columns. */
final class SlashCommandRequests {

    static final int MAX_TEXT = 200_000;

    private SlashCommandRequests() {}

    /** {@code POST /slash-commands}. */
    record Create(
            @NotNull @Size(max = 255) @Nullable String name,
            @Nullable Boolean enabled,
            @Size(max = 20) @Nullable String mode,
            @Size(max = 255) @Nullable String description,
            @Size(max = 255) @Nullable String argumentHint,
            @Size(max = 10_000) @Nullable String allowedTools,
            @Size(max = MAX_TEXT) @Nullable String content,
            @Size(max = MAX_TEXT) @Nullable String rawMarkdown) {}

    /**
     * {@code PATCH /slash-commands/{id}}: an absent or null field keeps its value, a blank optional text clears it;
     * the payload of the mode the command does not end up in is cleared.
     */
    record Update(
            @Size(max = 255) @Nullable String name,
            @Nullable Boolean enabled,
            @Size(max = 20) @Nullable String mode,
            @Size(max = 255) @Nullable String description,
            @Size(max = 255) @Nullable String argumentHint,
            @Size(max = 10_000) @Nullable String allowedTools,
            @Size(max = MAX_TEXT) @Nullable String content,
            @Size(max = MAX_TEXT) @Nullable String rawMarkdown) {}

    /** {@code POST /internal/slash-commands/resolve}: {@code skill_names} null means the user's enabled skills. */
    record Resolve(@Size(max = 10_000) @Nullable List<@NotNull String> names,
            @Size(max = 10_000) @Nullable List<@NotNull String> skillNames) {}
}
