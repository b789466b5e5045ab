package dev.poco.server.slashcommands;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/** A row of {@code slash_commands}, and poco's SlashCommandResponse (same fields). */
record SlashCommand(int id, String userId, String name, boolean enabled, String mode, @Nullable String description,
        @Nullable String argumentHint, @Nullable String allowedTools, @Nullable String content,
        @Nullable String rawMarkdown, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String RAW = "raw";
    static final String STRUCTURED = "structured";
}
