package dev.poco.server.skills;

import dev.poco.server.imports.CatalogItem;
import dev.poco.server.imports.CatalogService;
import dev.poco.server.imports.ImportService;
import dev.poco.server.imports.PackageController;
import dev.poco.server.imports.PackageKind;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** poco's skills.py and skill_imports.py; the routes are {@link PackageController}'s. */
@RestController
@RequestMapping("/api/v1/skills")
class SkillController extends PackageController<SkillView> {

    SkillController(CatalogService catalog, ImportService imports) {
        super(PackageKind.SKILL, catalog, imports);
    }

    @Override
    protected SkillView view(CatalogItem item) {
        return SkillView.of(item);
    }
}
