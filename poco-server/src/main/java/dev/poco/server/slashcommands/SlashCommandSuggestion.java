package dev.poco.server.slashcommands;

import org.jspecify.annotations.Nullable;

/** One entry of {@code GET /slash-commands/suggestions}; {@code source} is {@code custom} or {@code skill}. */
record SlashCommandSuggestion(String name, @Nullable String description, @Nullable String argumentHint,
        String source) {}
