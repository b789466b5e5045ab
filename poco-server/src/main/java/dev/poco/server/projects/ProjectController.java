package dev.poco.server.projects;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/projects")
class ProjectController {

    private final ProjectService projects;

    ProjectController(ProjectService projects) {
        this.projects = projects;
    }

    @GetMapping
    Envelope<List<ProjectView>> list(Caller caller) {
        return Envelope.ok(projects.list(caller));
    }

    @GetMapping("/{projectId}")
    Envelope<ProjectView> get(Caller caller, @PathVariable UUID projectId) {
        return Envelope.ok(projects.view(caller, projects.requireReadable(caller, projectId)));
    }

    @PostMapping
    Envelope<ProjectView> create(Caller caller, @Valid @RequestBody CreateProjectRequest request) {
        return Envelope.ok("Project created successfully", projects.view(caller, projects.create(caller, request)));
    }

    @PatchMapping("/{projectId}")
    Envelope<ProjectView> update(Caller caller, @PathVariable UUID projectId, @RequestBody JsonNode body) {
        return Envelope.ok("Project updated successfully", projects.view(caller, projects.update(caller, projectId, body)));
    }

    @DeleteMapping("/{projectId}")
    Envelope<Map<String, UUID>> delete(Caller caller, @PathVariable UUID projectId) {
        projects.delete(caller, projectId);
        return Envelope.ok("Project deleted successfully", Map.of("id", projectId));
    }
}
