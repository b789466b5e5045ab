package dev.poco.server.subagents;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The writable fields of a subagent, checked by the service before they are stored. */
record SubagentFields(String name, boolean enabled, String mode, @Nullable String description,
        @Nullable String prompt, @Nullable List<String> tools, @Nullable String rawMarkdown) {}
