package dev.poco.server.plugins;

import dev.poco.server.imports.Install;
import dev.poco.server.imports.InstallController;
import dev.poco.server.imports.InstallService;
import dev.poco.server.imports.PackageKind;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** poco's plugin_installs.py; the routes are {@link InstallController}'s. */
@RestController
@RequestMapping("/api/v1/plugin-installs")
class PluginInstallController extends InstallController<PluginInstallView> {

    PluginInstallController(InstallService installs) {
        super(PackageKind.PLUGIN, installs);
    }

    @Override
    protected PluginInstallView view(Install install) {
        return PluginInstallView.of(install);
    }
}
