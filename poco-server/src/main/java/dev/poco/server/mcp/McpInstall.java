package dev.poco.server.mcp;

import java.time.OffsetDateTime;

/** A row of {@code user_mcp_installs}, and poco's install response (same fields). */
public record McpInstall(int id, String userId, int serverId, boolean enabled, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
