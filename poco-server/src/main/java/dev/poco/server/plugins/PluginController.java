package dev.poco.server.plugins;

import static dev.poco.server.imports.PackageKind.PLUGIN;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import dev.poco.server.imports.CatalogService;
import dev.poco.server.imports.ImportJobView;
import dev.poco.server.imports.ImportService;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/** poco's plugins.py and plugin_imports.py. */
@RestController
@RequestMapping("/api/v1/plugins")
class PluginController {

    private final CatalogService catalog;
    private final ImportService imports;

    PluginController(CatalogService catalog, ImportService imports) {
        this.catalog = catalog;
        this.imports = imports;
    }

    @GetMapping
    Envelope<List<PluginView>> list(Caller caller) {
        return Envelope.ok(catalog.list(PLUGIN, caller).stream().map(PluginView::of).toList());
    }

    @GetMapping("/{pluginId}")
    Envelope<PluginView> get(Caller caller, @PathVariable int pluginId) {
        return Envelope.ok(PluginView.of(catalog.require(PLUGIN, caller, pluginId)));
    }

    @PostMapping
    Envelope<PluginView> create(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok("Plugin created successfully", PluginView.of(catalog.create(PLUGIN, caller, body)));
    }

    @PatchMapping("/{pluginId}")
    Envelope<PluginView> update(Caller caller, @PathVariable int pluginId, @RequestBody JsonNode body) {
        return Envelope.ok("Plugin updated successfully", PluginView.of(catalog.update(PLUGIN, caller, pluginId, body)));
    }

    @DeleteMapping("/{pluginId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int pluginId) {
        catalog.delete(PLUGIN, caller, pluginId);
        return Envelope.ok("Plugin deleted successfully", Map.of("id", pluginId));
    }

    @PostMapping(value = "/import/discover",
            consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_FORM_URLENCODED_VALUE})
    Envelope<ImportService.Discovery> discover(Caller caller,
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file,
            @RequestParam(name = "github_url", required = false) @Nullable String githubUrl) {
        return Envelope.ok(imports.discover(PLUGIN, caller, file, githubUrl));
    }

    @PostMapping("/import/commit")
    Envelope<Map<String, Object>> commit(Caller caller, @RequestBody JsonNode body) {
        var job = imports.commit(PLUGIN, caller, body);
        return Envelope.ok("Import started", Map.of("job_id", job.id(), "status", job.status()));
    }

    @GetMapping("/import/jobs/{jobId}")
    Envelope<ImportJobView> job(Caller caller, @PathVariable UUID jobId) {
        return Envelope.ok(ImportJobView.of(imports.job(PLUGIN, caller, jobId)));
    }
}
