package dev.poco.server.memories;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** poco's {@code POST /memories/configure} body; {@code config} (a mem0 configuration) has no meaning here. */
public record ConfigureMemoryRequest(@Nullable Boolean enabled, @Nullable JsonNode config) {}
