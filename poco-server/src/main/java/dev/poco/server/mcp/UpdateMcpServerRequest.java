package dev.poco.server.mcp;

import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** {@code PATCH /mcp-servers/{id}}: absent, null or blank fields keep the stored value. */
record UpdateMcpServerRequest(
        @Size(max = 255) @Nullable String name,
        @Nullable JsonNode serverConfig,
        @Size(max = 20) @Nullable String scope) {}
