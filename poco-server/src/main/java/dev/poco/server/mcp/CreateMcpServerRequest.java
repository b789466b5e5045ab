package dev.poco.server.mcp;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** {@code POST /mcp-servers}; {@code server_config} stays raw JSON so that {@code McpConfigs} can say what is wrong. */
record CreateMcpServerRequest(
        @NotNull @Size(max = 255) @Nullable String name,
        @NotNull @Nullable JsonNode serverConfig,
        @Size(max = 20) @Nullable String scope) {}
