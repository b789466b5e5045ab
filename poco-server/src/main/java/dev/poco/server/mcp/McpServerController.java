package dev.poco.server.mcp;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/mcp-servers")
class McpServerController {

    private final McpServerService servers;

    McpServerController(McpServerService servers) {
        this.servers = servers;
    }

    @GetMapping
    Envelope<List<McpServerView>> list(Caller caller) {
        return Envelope.ok(servers.list(caller).stream().map(McpServerView::of).toList());
    }

    @GetMapping("/{serverId}")
    Envelope<McpServerView> get(Caller caller, @PathVariable int serverId) {
        return Envelope.ok(McpServerView.of(servers.requireVisible(caller, serverId)));
    }

    @PostMapping
    Envelope<McpServerView> create(Caller caller, @Valid @RequestBody CreateMcpServerRequest request) {
        return Envelope.ok("MCP server created successfully", McpServerView.of(servers.create(caller, request)));
    }

    @PatchMapping("/{serverId}")
    Envelope<McpServerView> update(Caller caller, @PathVariable int serverId,
            @Valid @RequestBody UpdateMcpServerRequest request) {
        return Envelope.ok("MCP server updated successfully",
                McpServerView.of(servers.update(caller, serverId, request)));
    }

    @DeleteMapping("/{serverId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int serverId) {
        servers.delete(caller, serverId);
        return Envelope.ok("MCP server deleted successfully", Map.of("id", serverId));
    }
}
