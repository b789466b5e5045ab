package dev.poco.server.permissions;

import dev.poco.protocol.Envelope;
import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.server.auth.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PermissionRuleController {

    private final PermissionRuleService rules;

    PermissionRuleController(PermissionRuleService rules) {
        this.rules = rules;
    }

    /** {@code POST /permission-rules}: {@code project_id} null saves the rule for all of the caller's sessions. */
    record CreateRuleRequest(@Size(max = 16) @Nullable String behavior, @Size(max = 1000) @Nullable String rule,
            @Nullable UUID projectId) {}

    /** {@code POST /internal/sessions/{id}/permission-rules}: an "always allow" answer. */
    record AllowRuleRequest(@Size(max = 1000) @Nullable String rule) {}

    @GetMapping("/api/v1/permission-rules")
    Envelope<List<PermissionRule>> list(Caller caller,
            @RequestParam(name = "project_id", required = false) @Nullable UUID projectId) {
        return Envelope.ok(rules.list(caller, projectId));
    }

    @PostMapping("/api/v1/permission-rules")
    Envelope<PermissionRule> create(Caller caller, @Valid @RequestBody CreateRuleRequest request) {
        return Envelope.ok("Permission rule saved",
                rules.create(caller, request.behavior(), request.rule(), request.projectId()));
    }

    @DeleteMapping("/api/v1/permission-rules/{ruleId}")
    Envelope<Map<String, Long>> delete(Caller caller, @PathVariable long ruleId) {
        rules.delete(caller, ruleId);
        return Envelope.ok("Permission rule deleted", Map.of("id", ruleId));
    }

    /** Runner: the rules a run of this session works under. */
    @GetMapping("/api/v1/internal/sessions/{sessionId}/permission-rules")
    Envelope<PermissionRules> forSession(@PathVariable UUID sessionId) {
        return Envelope.ok(rules.forSession(sessionId));
    }

    /** Runner: the user answered "always allow"; the rule joins the session's project. */
    @PostMapping("/api/v1/internal/sessions/{sessionId}/permission-rules")
    Envelope<Map<String, String>> allow(@PathVariable UUID sessionId, @Valid @RequestBody AllowRuleRequest request) {
        return Envelope.ok(Map.of("rule", rules.allowForSession(sessionId, request.rule())));
    }
}
