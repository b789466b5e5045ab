package dev.poco.server.mcp;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Objects;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** The runner's MCP resolve; {@code /internal/**} needs the runner token (auth.SecurityConfiguration). */
@RestController
class InternalMcpConfigController {

    private final McpInstallService installs;

    InternalMcpConfigController(McpInstallService installs) {
        this.installs = installs;
    }

    @PostMapping("/api/v1/internal/mcp-config/resolve")
    Envelope<ObjectNode> resolve(Caller caller, @Valid @RequestBody InstallRequests.Resolve request) {
        List<Integer> ids = Objects.requireNonNullElse(request.serverIds(), List.of());
        return Envelope.ok(installs.resolve(caller, ids));
    }
}
