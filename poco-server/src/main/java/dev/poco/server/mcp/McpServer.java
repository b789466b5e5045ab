package dev.poco.server.mcp;

import java.time.OffsetDateTime;
import tools.jackson.databind.node.ObjectNode;

/** A row of {@code mcp_servers}; {@code serverConfig} is always poco's normalised wrapper with one server. */
record McpServer(int id, String name, String scope, String ownerUserId, ObjectNode serverConfig,
        OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    static final String SYSTEM = "system";
    static final String USER = "user";

    boolean isSystem() {
        return SYSTEM.equals(scope);
    }

    /** The one server key inside {@code mcpServers}. */
    String key() {
        return serverConfig.path(McpConfigs.WRAPPER).properties().iterator().next().getKey();
    }
}
