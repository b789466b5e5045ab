/**
 * Permission rules ({@code permission_rules}): what the agent may do without asking, must ask for, or may never do, in
 * Claude Code's rule syntax ({@link dev.poco.protocol.permissions.ToolRule}), per user or per project.
 * <ul>
 * <li>routes: {@code GET/POST /permission-rules}, {@code DELETE /permission-rules/{id}}; runner:
 * {@code GET/POST /internal/sessions/{id}/permission-rules} (the rules a session's runs work under; "always allow"
 * answers) ({@code PermissionRuleController});</li>
 * <li>service: {@code PermissionRuleService}; repository: {@code PermissionRuleRepository};</li>
 * <li>API: {@code PermissionRuleService#forSession} (a run's setup, {@code runsetup}).</li>
 * </ul>
 * A rule that could never match is refused when saved. A session's rules are its owner's user-wide rules plus those of
 * its project. Poco's reference revision has no rule engine: paths and shapes here are Poco's own.
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "projects", "sessions"})
@NullMarked
package dev.poco.server.permissions;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
