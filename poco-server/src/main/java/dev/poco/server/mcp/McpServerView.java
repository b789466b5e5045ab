package dev.poco.server.mcp;

import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/** poco's McpServerResponse. */
record McpServerView(int id, String name, JsonNode serverConfig, String scope, String ownerUserId,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static McpServerView of(McpServer s) {
        return new McpServerView(s.id(), s.name(), s.serverConfig(), s.scope(), s.ownerUserId(), s.createdAt(),
                s.updatedAt());
    }
}
