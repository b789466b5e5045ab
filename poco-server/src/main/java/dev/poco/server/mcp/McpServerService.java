package dev.poco.server.mcp;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.Texts;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MCP server use cases (reference {@code mcp_servers.py}, §3.16). System servers are read-only for
 * users. Unlike poco, a user cannot create a {@code system} server: it would reach every other
 * user's server list (poco accepted any scope from anyone).
 */
@Service
class McpServerService {

    private final McpServerRepository servers;

    McpServerService(McpServerRepository servers) {
        this.servers = servers;
    }

    @Transactional(readOnly = true)
    List<McpServer> list(Caller caller) {
        return servers.visibleTo(caller.userId());
    }

    /** A system server or the caller's own, else MCP_SERVER_NOT_FOUND. */
    @Transactional(readOnly = true)
    McpServer requireVisible(Caller caller, int id) {
        return servers.find(id).filter(s -> s.isSystem() || caller.owns(s.ownerUserId()))
                .orElseThrow(() -> notFound(id));
    }

    @Transactional
    McpServer create(Caller caller, CreateMcpServerRequest request) {
        String name = name(request.name());
        String scope = scope(request.scope(), "create");
        if (servers.ownerHasName(caller.userId(), name, -1)) {
            throw alreadyExists(name);
        }
        ObjectNode config = McpConfigs.normalize(request.serverConfig(), name);
        return servers.insert(caller.userId(), name, scope, config);
    }

    @Transactional
    McpServer update(Caller caller, int id, UpdateMcpServerRequest request) {
        McpServer current = requireChangeable(caller, id);
        String name = request.name() == null || request.name().isBlank() ? current.name() : name(request.name());
        String scope = request.scope() == null || request.scope().isBlank() ? current.scope()
                : scope(request.scope(), "modify");
        if (!name.equals(current.name()) && servers.ownerHasName(caller.userId(), name, id)) {
            throw alreadyExists(name);
        }
        ObjectNode config = current.serverConfig();
        JsonNode sentConfig = request.serverConfig();
        if (sentConfig != null && !sentConfig.isNull()) {
            // a bare definition keeps the server's key; poco falls back to the name only without one
            config = McpConfigs.normalize(sentConfig, current.key());
        }
        return servers.update(id, name, scope, config);
    }

    @Transactional
    void delete(Caller caller, int id) {
        requireChangeable(caller, id);
        servers.delete(id);
    }

    private McpServer requireChangeable(Caller caller, int id) {
        McpServer server = servers.find(id).orElseThrow(() -> notFound(id));
        if (server.isSystem()) {
            throw new ForbiddenException("Cannot modify system MCP servers");
        }
        if (!caller.owns(server.ownerUserId())) {
            throw new ForbiddenException("MCP server does not belong to the user");
        }
        return server;
    }

    private static String name(@Nullable String value) {
        String name = Texts.trimToNull(value);
        if (name == null) {
            throw new BadRequestException("name cannot be empty");
        }
        return name;
    }

    private static String scope(@Nullable String value, String action) {
        String scope = Texts.trimToNull(value);
        if (scope == null || scope.equals(McpServer.USER)) {
            return McpServer.USER;
        }
        if (scope.equals(McpServer.SYSTEM)) {
            throw new ForbiddenException("Users cannot " + action + " system MCP servers; use scope \"user\"");
        }
        throw new BadRequestException("scope must be \"user\" (system servers are managed by the administrator)");
    }

    static NotFoundException notFound(int id) {
        return new NotFoundException(ErrorCode.MCP_SERVER_NOT_FOUND, "MCP server not found: " + id);
    }

    private static ConflictException alreadyExists(String name) {
        return new ConflictException(ErrorCode.MCP_SERVER_ALREADY_EXISTS, "MCP server already exists: " + name);
    }
}
