package dev.poco.server.projects;

import dev.poco.protocol.Envelope;
import dev.poco.server.auth.Caller;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who a project is shared with (Poco's own; poco has no sharing). {@code userId}: an account's id or user name. */
@RestController
@RequestMapping("/api/v1/projects/{projectId}/members")
class ProjectMemberController {

    private final ProjectMembers members;

    ProjectMemberController(ProjectMembers members) {
        this.members = members;
    }

    record PutMemberRequest(@Nullable String role) {}

    @GetMapping
    Envelope<List<ProjectMemberView>> list(Caller caller, @PathVariable UUID projectId) {
        return Envelope.ok(members.list(caller, projectId));
    }

    @PutMapping("/{userId}")
    Envelope<ProjectMemberView> put(Caller caller, @PathVariable UUID projectId, @PathVariable String userId,
            @RequestBody(required = false) @Nullable PutMemberRequest request) {
        return Envelope.ok("Project shared", members.put(caller, projectId, userId,
                request == null ? null : request.role()));
    }

    @DeleteMapping("/{userId}")
    Envelope<Map<String, String>> remove(Caller caller, @PathVariable UUID projectId, @PathVariable String userId) {
        members.remove(caller, projectId, userId);
        return Envelope.ok("Member removed", Map.of("user_id", userId));
    }
}
