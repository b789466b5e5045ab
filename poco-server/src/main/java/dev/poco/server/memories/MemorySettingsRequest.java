package dev.poco.server.memories;

import jakarta.validation.constraints.NotNull;

/** {@code PUT /memories/settings}: whether the caller's runs get the memory tools. */
public record MemorySettingsRequest(@NotNull Boolean enabled) {}
