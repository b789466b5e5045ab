package dev.poco.server.memories;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** poco's update body {@code {text (min 1), metadata?}}; metadata is ignored, as poco ignores it. */
public record UpdateMemoryRequest(@NotNull @Size(min = 1) String text, @Nullable JsonNode metadata) {}
