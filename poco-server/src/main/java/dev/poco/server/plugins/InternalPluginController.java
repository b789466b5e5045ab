package dev.poco.server.plugins;

import static dev.poco.server.imports.PackageKind.PLUGIN;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.imports.CatalogService;
import dev.poco.server.imports.ResolveRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Runner side (runner token, {@code X-User-Id} of the run's user): poco's internal_plugin_config.py and packages. */
@RestController
class InternalPluginController {

    private final CatalogService catalog;

    InternalPluginController(CatalogService catalog) {
        this.catalog = catalog;
    }

    @PostMapping("/api/v1/internal/plugin-config/resolve")
    Envelope<Map<String, Map<String, @Nullable Object>>> resolve(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok(catalog.resolve(PLUGIN, caller.userId(), ResolveRequest.ids(PLUGIN, body)));
    }

    @GetMapping("/api/v1/internal/plugins/{pluginId}/package")
    void download(Caller caller, @PathVariable int pluginId, HttpServletResponse response) throws IOException {
        // written synchronously: an async (StreamingResponseBody) dispatch would run the security chain again
        CatalogService.PackageContent content = catalog.packageContent(PLUGIN, caller, pluginId);
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + content.name() + ".zip\"");
        catalog.writeZip(content, response.getOutputStream());
    }
}
