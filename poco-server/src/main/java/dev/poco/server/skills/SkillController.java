package dev.poco.server.skills;

import static dev.poco.server.imports.PackageKind.SKILL;

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

/** poco's skills.py and skill_imports.py. */
@RestController
@RequestMapping("/api/v1/skills")
class SkillController {

    private final CatalogService catalog;
    private final ImportService imports;

    SkillController(CatalogService catalog, ImportService imports) {
        this.catalog = catalog;
        this.imports = imports;
    }

    @GetMapping
    Envelope<List<SkillView>> list(Caller caller) {
        return Envelope.ok(catalog.list(SKILL, caller).stream().map(SkillView::of).toList());
    }

    @GetMapping("/{skillId}")
    Envelope<SkillView> get(Caller caller, @PathVariable int skillId) {
        return Envelope.ok(SkillView.of(catalog.require(SKILL, caller, skillId)));
    }

    @PostMapping
    Envelope<SkillView> create(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok("Skill created successfully", SkillView.of(catalog.create(SKILL, caller, body)));
    }

    @PatchMapping("/{skillId}")
    Envelope<SkillView> update(Caller caller, @PathVariable int skillId, @RequestBody JsonNode body) {
        return Envelope.ok("Skill updated successfully", SkillView.of(catalog.update(SKILL, caller, skillId, body)));
    }

    @DeleteMapping("/{skillId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int skillId) {
        catalog.delete(SKILL, caller, skillId);
        return Envelope.ok("Skill deleted successfully", Map.of("id", skillId));
    }

    @PostMapping(value = "/import/discover",
            consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_FORM_URLENCODED_VALUE})
    Envelope<ImportService.Discovery> discover(Caller caller,
            @RequestPart(name = "file", required = false) @Nullable MultipartFile file,
            @RequestParam(name = "github_url", required = false) @Nullable String githubUrl) {
        return Envelope.ok(imports.discover(SKILL, caller, file, githubUrl));
    }

    @PostMapping("/import/commit")
    Envelope<Map<String, Object>> commit(Caller caller, @RequestBody JsonNode body) {
        var job = imports.commit(SKILL, caller, body);
        return Envelope.ok("Import started", Map.of("job_id", job.id(), "status", job.status()));
    }

    @GetMapping("/import/jobs/{jobId}")
    Envelope<ImportJobView> job(Caller caller, @PathVariable UUID jobId) {
        return Envelope.ok(ImportJobView.of(imports.job(SKILL, caller, jobId)));
    }
}
