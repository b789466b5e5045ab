package dev.poco.server.slashcommands;

import org.jspecify.annotations.Nullable;

/** The writable fields of a slash command, checked by the service before they are stored. */
record CommandFields(String name, boolean enabled, String mode, @Nullable String description,
        @Nullable String argumentHint, @Nullable String allowedTools, @Nullable String content,
        @Nullable String rawMarkdown) {}
