package dev.poco.server.mcp;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/mcp-installs")
class McpInstallController {

    private final McpInstallService installs;

    McpInstallController(McpInstallService installs) {
        this.installs = installs;
    }

    @GetMapping
    Envelope<List<McpInstall>> list(Caller caller) {
        return Envelope.ok(installs.installs(caller.userId()));
    }

    @PostMapping
    Envelope<McpInstall> create(Caller caller, @Valid @RequestBody InstallRequests.Create request) {
        return Envelope.ok("MCP server installed successfully", installs.install(caller,
                Objects.requireNonNull(request.serverId()), request.enabled() == null || request.enabled()));
    }

    /** Declared before {@code /{installId}}, as in poco (a literal path wins in Spring anyway). */
    @PatchMapping("/bulk")
    Envelope<Map<String, Integer>> bulk(Caller caller, @Valid @RequestBody InstallRequests.Bulk request) {
        int updated = installs.setEnabled(caller, request.installIds(), Objects.requireNonNull(request.enabled()));
        return Envelope.ok("MCP server installs updated successfully", Map.of("updated_count", updated));
    }

    @PatchMapping("/{installId}")
    Envelope<McpInstall> update(Caller caller, @PathVariable int installId,
            @Valid @RequestBody InstallRequests.Update request) {
        return Envelope.ok("MCP server install updated successfully",
                installs.setEnabled(caller, installId, request.enabled()));
    }

    @DeleteMapping("/{installId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int installId) {
        installs.uninstall(caller, installId);
        return Envelope.ok("MCP server uninstalled successfully", Map.of("id", installId));
    }
}
