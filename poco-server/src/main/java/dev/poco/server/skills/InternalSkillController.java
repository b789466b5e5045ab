package dev.poco.server.skills;

import static dev.poco.server.imports.PackageKind.SKILL;

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

/** Runner side (runner token, {@code X-User-Id} of the run's user): poco's internal_skill_config.py and packages. */
@RestController
class InternalSkillController {

    private final RunnerPackages packages;

    InternalSkillController(RunnerPackages packages) {
        this.packages = packages;
    }

    @PostMapping("/api/v1/internal/skill-config/resolve")
    Envelope<Map<String, Map<String, @Nullable Object>>> resolve(Caller caller, @RequestBody JsonNode body) {
        return packages.resolve(SKILL, caller, body);
    }

    /** The skill's files as a zip, paths relative to the skill's folder. */
    @GetMapping("/api/v1/internal/skills/{skillId}/package")
    void download(Caller caller, @PathVariable int skillId, HttpServletResponse response) throws IOException {
        packages.download(SKILL, caller, skillId, response);
    }
}
