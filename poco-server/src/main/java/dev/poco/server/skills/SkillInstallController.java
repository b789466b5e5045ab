package dev.poco.server.skills;

import dev.poco.server.imports.Install;
import dev.poco.server.imports.InstallController;
import dev.poco.server.imports.InstallService;
import dev.poco.server.imports.PackageKind;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** poco's skill_installs.py; the routes are {@link InstallController}'s. */
@RestController
@RequestMapping("/api/v1/skill-installs")
class SkillInstallController extends InstallController<SkillInstallView> {

    SkillInstallController(InstallService installs) {
        super(PackageKind.SKILL, installs);
    }

    @Override
    protected SkillInstallView view(Install install) {
        return SkillInstallView.of(install);
    }
}
