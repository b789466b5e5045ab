package dev.poco.server.mcp;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.NotFoundException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A user's MCP installs (reference {@code user_mcp_installs.py}) and the run-time resolve
 * (§3.16): only servers the user installed reach a run; the install's {@code enabled} flag only
 * picks the default for new tasks.
 */
@Service
public class McpInstallService {

    private final McpInstallRepository installs;
    private final McpServerRepository servers;

    McpInstallService(McpInstallRepository installs, McpServerRepository servers) {
        this.installs = installs;
        this.servers = servers;
    }

    /** The user's installs, newest first: the default MCP servers of a new task are the enabled ones. */
    @Transactional(readOnly = true)
    public List<McpInstall> installs(String userId) {
        return installs.listByUser(userId);
    }

    @Transactional
    McpInstall install(Caller caller, int serverId, boolean enabled) {
        if (servers.find(serverId).filter(s -> s.isSystem() || caller.owns(s.ownerUserId())).isEmpty()) {
            throw McpServerService.notFound(serverId);
        }
        if (installs.exists(caller.userId(), serverId)) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "MCP server install already exists: " + serverId);
        }
        return installs.insert(caller.userId(), serverId, enabled);
    }

    @Transactional
    McpInstall setEnabled(Caller caller, int installId, @Nullable Boolean enabled) {
        McpInstall install = requireOwn(caller, installId);
        return enabled == null ? install : installs.setEnabled(installId, enabled);
    }

    @Transactional
    int setEnabled(Caller caller, @Nullable List<Integer> installIds, boolean enabled) {
        return installs.setEnabled(caller.userId(), installIds, enabled);
    }

    @Transactional
    void uninstall(Caller caller, int installId) {
        requireOwn(caller, installId);
        installs.delete(installId);
    }

    /**
     * poco's {@code /internal/mcp-config/resolve}: the requested ids without duplicates, in order,
     * kept only when the user has installed them (enabled or not); their {@code mcpServers} maps
     * merged into one object, later keys winning. {@code ${VAR}} placeholders stay for the runner.
     */
    @Transactional(readOnly = true)
    public ObjectNode resolve(Caller caller, List<Integer> serverIds) {
        Set<Integer> installed = installs.listByUser(caller.userId()).stream().map(McpInstall::serverId)
                .collect(Collectors.toSet());
        Set<Integer> wanted = new LinkedHashSet<>(serverIds);
        wanted.retainAll(installed);
        Map<Integer, McpServer> byId = servers.findAll(List.copyOf(wanted)).stream()
                .collect(Collectors.toMap(McpServer::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        for (Integer id : wanted) {
            McpServer server = byId.get(id);
            if (server != null) {
                server.serverConfig().path(McpConfigs.WRAPPER).properties()
                        .forEach(e -> merged.set(e.getKey(), e.getValue()));
            }
        }
        return merged;
    }

    private McpInstall requireOwn(Caller caller, int installId) {
        return installs.find(installId).filter(i -> caller.owns(i.userId()))
                .orElseThrow(() -> new NotFoundException("MCP server install not found: " + installId));
    }
}
