package dev.poco.server.permissions;

import dev.poco.protocol.permissions.InvalidRuleException;
import dev.poco.protocol.permissions.PermissionRules;
import dev.poco.protocol.permissions.ToolRule;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.ValidationException;
import dev.poco.server.projects.ProjectService;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Rule use cases; someone else's rule or project is NOT_FOUND, as if it did not exist. */
@Service
public class PermissionRuleService {

    static final Set<String> BEHAVIORS = Set.of("allow", "ask", "deny");

    private final PermissionRuleRepository rules;
    private final ProjectService projects;
    private final SessionService sessions;

    PermissionRuleService(PermissionRuleRepository rules, ProjectService projects, SessionService sessions) {
        this.rules = rules;
        this.projects = projects;
        this.sessions = sessions;
    }

    @Transactional(readOnly = true)
    List<PermissionRule> list(Caller caller, @Nullable UUID projectId) {
        if (projectId != null) {
            projects.require(caller, projectId);
        }
        return rules.list(caller.userId(), projectId);
    }

    @Transactional
    PermissionRule create(Caller caller, @Nullable String behavior, @Nullable String rule, @Nullable UUID projectId) {
        String b = behavior == null ? "" : behavior.strip().toLowerCase(Locale.ROOT);
        if (!BEHAVIORS.contains(b)) {
            throw ValidationException.of("behavior", "must be allow, ask or deny");
        }
        String normalized = normalize(rule);
        if (projectId != null) {
            projects.require(caller, projectId);
        }
        return rules.insert(caller.userId(), projectId, b, normalized).orElseThrow(() -> new ConflictException(
                ErrorCode.PERMISSION_RULE_ALREADY_EXISTS, "The rule " + b + " " + normalized + " is already saved"
                        + (projectId == null ? " for all your sessions" : " in this project")));
    }

    @Transactional
    void delete(Caller caller, long id) {
        PermissionRule rule = rules.find(id).filter(r -> caller.owns(r.userId())).orElseThrow(() ->
                new NotFoundException(ErrorCode.PERMISSION_RULE_NOT_FOUND, "Permission rule not found: " + id));
        rules.delete(rule.id());
    }

    /** The rules a run of this session works under: its owner's user-wide rules plus its project's. */
    @Transactional(readOnly = true)
    public PermissionRules forSession(UUID sessionId) {
        Session session = session(sessionId);
        List<String> allow = new ArrayList<>();
        List<String> ask = new ArrayList<>();
        List<String> deny = new ArrayList<>();
        for (PermissionRule r : rules.list(session.userId(), session.projectId())) {
            switch (r.behavior()) {
                case "allow" -> allow.add(r.rule());
                case "ask" -> ask.add(r.rule());
                default -> deny.add(r.rule());
            }
        }
        return new PermissionRules(allow, ask, deny);
    }

    /**
     * "Always allow" from a question answered during a run: an allow rule in the session's project, or for all of
     * the user's sessions when it has none. Saving a rule that is already there is not an error.
     */
    @Transactional
    String allowForSession(UUID sessionId, @Nullable String rule) {
        Session session = session(sessionId);
        String normalized = normalize(rule);
        rules.insert(session.userId(), session.projectId(), "allow", normalized);
        return normalized;
    }

    private Session session(UUID sessionId) {
        return sessions.find(sessionId).orElseThrow(() -> new NotFoundException("Session not found: " + sessionId));
    }

    private static String normalize(@Nullable String rule) {
        try {
            return ToolRule.parse(rule == null ? "" : rule).toString();
        } catch (InvalidRuleException e) {
            throw ValidationException.of("rule", e.getMessage());
        }
    }
}
