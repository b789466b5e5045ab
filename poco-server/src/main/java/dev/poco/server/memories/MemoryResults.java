package dev.poco.server.memories;

import java.util.List;

/** mem0's answer to {@code get_all} and {@code search}: {@code {"results": [...]}}. */
public record MemoryResults(List<MemoryItem> results) {}
