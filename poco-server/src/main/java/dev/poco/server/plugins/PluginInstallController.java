package dev.poco.server.plugins;

import static dev.poco.server.imports.PackageKind.PLUGIN;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.imports.InstallService;
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
import tools.jackson.databind.JsonNode;

/** poco's plugin_installs.py. */
@RestController
@RequestMapping("/api/v1/plugin-installs")
class PluginInstallController {

    private final InstallService installs;

    PluginInstallController(InstallService installs) {
        this.installs = installs;
    }

    @GetMapping
    Envelope<List<PluginInstallView>> list(Caller caller) {
        return Envelope.ok(installs.list(PLUGIN, caller).stream().map(PluginInstallView::of).toList());
    }

    @PostMapping
    Envelope<PluginInstallView> create(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok("Plugin installed successfully", PluginInstallView.of(installs.create(PLUGIN, caller, body)));
    }

    @PatchMapping("/bulk")
    Envelope<Map<String, Integer>> bulk(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok("Plugin installs updated successfully",
                Map.of("updated_count", installs.bulk(PLUGIN, caller, body)));
    }

    @PatchMapping("/{installId}")
    Envelope<PluginInstallView> update(Caller caller, @PathVariable int installId, @RequestBody JsonNode body) {
        return Envelope.ok("Plugin install updated successfully",
                PluginInstallView.of(installs.update(PLUGIN, caller, installId, body)));
    }

    @DeleteMapping("/{installId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int installId) {
        installs.delete(PLUGIN, caller, installId);
        return Envelope.ok("Plugin install deleted successfully", Map.of("id", installId));
    }
}
