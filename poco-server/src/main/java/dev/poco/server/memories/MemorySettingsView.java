package dev.poco.server.memories;

/** The caller's memory switch; {@code available} is false when an operator turned memory off for everyone. */
public record MemorySettingsView(boolean enabled, boolean available) {}
