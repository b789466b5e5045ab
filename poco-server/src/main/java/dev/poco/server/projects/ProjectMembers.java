package dev.poco.server.projects;

import dev.poco.server.auth.AuthMode;
import dev.poco.server.auth.AuthProperties;
import dev.poco.server.auth.Caller;
import dev.poco.server.auth.UserDirectory;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.NotFoundException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sharing a project (issue 17 part 5): its owner, or an admin, adds users as viewers or editors, changes their role
 * and removes them; a member may leave. Members are named by account (id or user name) where there are accounts; in
 * {@code trusted_header} mode the proxy owns the directory, so any user id is taken as it will arrive in
 * {@code X-User-Id}; {@code single_user} mode has nobody to share with.
 */
@Service
public class ProjectMembers {

    private static final Logger log = LoggerFactory.getLogger(ProjectMembers.class);
    private static final int MAX_USER_ID = 255;

    private final ProjectRepository projects;
    private final ProjectMemberRepository members;
    private final ProjectService service;
    private final UserDirectory directory;
    private final AuthMode mode;

    ProjectMembers(ProjectRepository projects, ProjectMemberRepository members, ProjectService service,
            UserDirectory directory, AuthProperties auth) {
        this.projects = projects;
        this.members = members;
        this.service = service;
        this.directory = directory;
        this.mode = auth.mode();
    }

    /** The owner and the members; for the owner, an admin and the members themselves. */
    @Transactional(readOnly = true)
    public List<ProjectMemberView> list(Caller caller, UUID projectId) {
        Project project = caller.admin() ? projects.find(projectId).orElseThrow(() -> ProjectService.notFound(projectId))
                : service.requireReadable(caller, projectId);
        List<ProjectMember> rows = members.list(project.id());
        Set<String> ids = new HashSet<>();
        ids.add(project.userId());
        rows.forEach(m -> ids.add(m.userId()));
        Map<String, UserDirectory.DirectoryUser> names = directory.byIds(ids);
        List<ProjectMemberView> views = new ArrayList<>();
        views.add(view(names, project.userId(), ProjectRole.OWNER, null));
        rows.forEach(m -> views.add(view(names, m.userId(), m.role(), m)));
        return views;
    }

    /** Adds the user or changes their role. {@code user}: an account's id or user name (any id without accounts). */
    @Transactional
    public ProjectMemberView put(Caller caller, UUID projectId, String user, @Nullable String role) {
        Project project = manageable(caller, projectId);
        ProjectRole parsed = ProjectRole.parseMember(role);
        UserDirectory.DirectoryUser target = resolve(user);
        if (target.userId().equals(project.userId())) {
            throw new BadRequestException(target.userId().equals(caller.userId())
                    ? "You cannot share a project with yourself: you own it"
                    : "That user owns the project: an owner cannot also be a member");
        }
        ProjectMember saved = members.upsert(project.id(), target.userId(), parsed, caller.userId());
        log.info("User {} shared project {} with {} as {}", caller.userId(), project.id(), target.userId(),
                parsed.wire());
        return view(Map.of(target.userId(), target), target.userId(), saved.role(), saved);
    }

    /** Removes a member: the owner or an admin may remove anyone, a member only themselves (leaving). */
    @Transactional
    public void remove(Caller caller, UUID projectId, String user) {
        Project project = projects.find(projectId).orElseThrow(() -> ProjectService.notFound(projectId));
        String userId = directory.find(user).map(UserDirectory.DirectoryUser::userId).orElse(user.strip());
        boolean leaving = userId.equals(caller.userId()) && members.role(project.id(), userId).isPresent();
        if (!leaving) {
            manageable(caller, projectId);
        }
        if (!members.delete(project.id(), userId)) {
            throw new NotFoundException(ErrorCode.USER_NOT_FOUND, "This project is not shared with " + shown(user));
        }
        log.info("User {} removed {} from project {}", caller.userId(), userId, project.id());
    }

    /** The project, when the caller may manage its members: its owner, or an admin. */
    private Project manageable(Caller caller, UUID projectId) {
        if (caller.admin()) {
            return projects.find(projectId).orElseThrow(() -> ProjectService.notFound(projectId));
        }
        Project project = service.requireReadable(caller, projectId);
        service.roleOf(caller.userId(), projectId).filter(r -> r != ProjectRole.OWNER).ifPresent(role -> {
            throw new ForbiddenException(role.refusal("manage who it is shared with"));
        });
        return project;
    }

    private UserDirectory.DirectoryUser resolve(String user) {
        String key = user.strip();
        if (key.isEmpty() || key.length() > MAX_USER_ID || key.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("Name the user by account id or user name (at most " + MAX_USER_ID
                    + " characters, no control characters)");
        }
        if (mode == AuthMode.SINGLE_USER) {
            throw new BadRequestException("Sharing needs several users: this Poco runs with POCO_AUTH_MODE="
                    + mode.wire() + " (set POCO_AUTH_MODE=password for accounts)");
        }
        return directory.find(key).orElseGet(() -> {
            if (mode == AuthMode.TRUSTED_HEADER) { // the proxy in front knows the users, we do not
                return new UserDirectory.DirectoryUser(key, null, key);
            }
            throw new NotFoundException(ErrorCode.USER_NOT_FOUND, "No user " + shown(key)
                    + ": check the user name, or ask an admin to invite them first");
        });
    }

    private static ProjectMemberView view(Map<String, UserDirectory.DirectoryUser> names, String userId,
            ProjectRole role, @Nullable ProjectMember row) {
        UserDirectory.DirectoryUser user = names.get(userId);
        return new ProjectMemberView(userId, user == null ? null : user.username(),
                user == null ? userId : user.displayName(), role.wire(), row == null ? null : row.createdAt());
    }

    private static String shown(String s) {
        String clean = s.strip().replaceAll("\\p{Cntrl}", "?");
        return "\"" + (clean.length() > 64 ? clean.substring(0, 64) + "…" : clean) + "\"";
    }
}
