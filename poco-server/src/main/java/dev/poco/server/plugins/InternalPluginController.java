package dev.poco.server.plugins;

import static dev.poco.server.imports.PackageKind.PLUGIN;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.imports.RunnerPackages;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Runner side (runner token, {@code X-User-Id} of the run's user): poco's internal_plugin_config.py and packages. */
@RestController
class InternalPluginController {

    private final RunnerPackages packages;

    InternalPluginController(RunnerPackages packages) {
        this.packages = packages;
    }

    @PostMapping("/api/v1/internal/plugin-config/resolve")
    Envelope<Map<String, Map<String, @Nullable Object>>> resolve(Caller caller, @RequestBody JsonNode body) {
        return packages.resolve(PLUGIN, caller, body);
    }

    /** The plugin's files as a zip, paths relative to the plugin's root (which holds .claude-plugin/plugin.json). */
    @GetMapping("/api/v1/internal/plugins/{pluginId}/package")
    void download(Caller caller, @PathVariable int pluginId, HttpServletResponse response) throws IOException {
        packages.download(PLUGIN, caller, pluginId, response);
    }
}
