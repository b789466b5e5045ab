package dev.poco.server.skills;

import static dev.poco.server.imports.PackageKind.SKILL;

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

/** poco's skill_installs.py. */
@RestController
@RequestMapping("/api/v1/skill-installs")
class SkillInstallController {

    private final InstallService installs;

    SkillInstallController(InstallService installs) {
        this.installs = installs;
    }

    @GetMapping
    Envelope<List<SkillInstallView>> list(Caller caller) {
        return Envelope.ok(installs.list(SKILL, caller).stream().map(SkillInstallView::of).toList());
    }

    @PostMapping
    Envelope<SkillInstallView> create(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok("Skill installed successfully", SkillInstallView.of(installs.create(SKILL, caller, body)));
    }

    @PatchMapping("/bulk")
    Envelope<Map<String, Integer>> bulk(Caller caller, @RequestBody JsonNode body) {
        return Envelope.ok("Skill installs updated successfully",
                Map.of("updated_count", installs.bulk(SKILL, caller, body)));
    }

    @PatchMapping("/{installId}")
    Envelope<SkillInstallView> update(Caller caller, @PathVariable int installId, @RequestBody JsonNode body) {
        return Envelope.ok("Skill install updated successfully",
                SkillInstallView.of(installs.update(SKILL, caller, installId, body)));
    }

    @DeleteMapping("/{installId}")
    Envelope<Map<String, Integer>> delete(Caller caller, @PathVariable int installId) {
        installs.delete(SKILL, caller, installId);
        return Envelope.ok("Skill install deleted successfully", Map.of("id", installId));
    }
}
