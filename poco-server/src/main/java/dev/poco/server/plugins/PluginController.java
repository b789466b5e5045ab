package dev.poco.server.plugins;

import dev.poco.server.imports.CatalogItem;
import dev.poco.server.imports.CatalogService;
import dev.poco.server.imports.ImportService;
import dev.poco.server.imports.PackageController;
import dev.poco.server.imports.PackageKind;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** poco's plugins.py and plugin_imports.py; the routes are {@link PackageController}'s. */
@RestController
@RequestMapping("/api/v1/plugins")
class PluginController extends PackageController<PluginView> {

    PluginController(CatalogService catalog, ImportService imports) {
        super(PackageKind.PLUGIN, catalog, imports);
    }

    @Override
    protected PluginView view(CatalogItem item) {
        return PluginView.of(item);
    }
}
