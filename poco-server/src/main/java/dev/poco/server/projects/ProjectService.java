package dev.poco.server.projects;

import dev.poco.server.auth.Caller;
import dev.poco.server.auth.UserDirectory;
import dev.poco.server.common.ForbiddenException;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.JsonPatch;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.Texts;
import dev.poco.server.network.NetworkConfig;
import dev.poco.server.network.NetworkPolicies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Project use cases; a project that is missing, deleted or someone else's is PROJECT_NOT_FOUND, as before sharing. A
 * member of a shared project ({@link ProjectRole}) reads it; what their role does not allow is a 403 that says so.
 */
@Service
public class ProjectService {

    private static final String DEFAULT_BRANCH = "main";

    private final ProjectRepository projects;
    private final ProjectMemberRepository members;
    private final UserDirectory directory;
    private final ApplicationEventPublisher events;
    private final NetworkPolicies network;

    ProjectService(ProjectRepository projects, ProjectMemberRepository members, UserDirectory directory,
            ApplicationEventPublisher events, NetworkPolicies network) {
        this.projects = projects;
        this.members = members;
        this.directory = directory;
        this.events = events;
        this.network = network;
    }

    /**
     * poco's repository URL rule (§3.15) for a URL sent outside a project (a task's {@code repo_url}).
     *
     * @throws BadRequestException with poco's message when it is not a GitHub repository URL
     */
    public String normalizeRepoUrl(String raw) {
        return RepoUrls.normalize(raw);
    }

    /**
     * The caller's own project, for what only its owner may do; a member gets FORBIDDEN naming their role, anyone
     * else PROJECT_NOT_FOUND.
     */
    @Transactional(readOnly = true)
    public Project require(Caller caller, UUID projectId) {
        return requireRole(caller, projectId, ProjectRole.OWNER, "change or delete the project");
    }

    /** A project the caller owns or edits (new tasks and sessions in it); a viewer gets FORBIDDEN. */
    @Transactional(readOnly = true)
    public Project requireEditable(Caller caller, UUID projectId) {
        return requireRole(caller, projectId, ProjectRole.EDITOR, "start tasks in it");
    }

    /** A project the caller owns or is a member of. */
    @Transactional(readOnly = true)
    public Project requireReadable(Caller caller, UUID projectId) {
        return requireRole(caller, projectId, ProjectRole.VIEWER, "read it");
    }

    /** {@code needed}: the weakest role allowed ({@code OWNER} is the strongest). */
    private Project requireRole(Caller caller, UUID projectId, ProjectRole needed, String what) {
        Project project = projects.find(projectId).orElseThrow(() -> notFound(projectId));
        ProjectRole role = roleIn(caller.userId(), project).orElseThrow(() -> notFound(projectId));
        if (role.ordinal() > needed.ordinal()) {
            throw new ForbiddenException(role.refusal(what));
        }
        return project;
    }

    static NotFoundException notFound(UUID projectId) {
        return new NotFoundException(ErrorCode.PROJECT_NOT_FOUND, "Project not found: " + projectId);
    }

    /** The user's role in the project; empty when it is missing, deleted or neither theirs nor shared with them. */
    @Transactional(readOnly = true)
    public Optional<ProjectRole> roleOf(String userId, @Nullable UUID projectId) {
        return projectId == null ? Optional.empty() : projects.find(projectId).flatMap(p -> roleIn(userId, p));
    }

    private Optional<ProjectRole> roleIn(String userId, Project project) {
        return project.userId().equals(userId) ? Optional.of(ProjectRole.OWNER)
                : members.role(project.id(), userId);
    }

    /** The projects whose sessions the user sees besides their own: theirs and those shared with them. */
    @Transactional(readOnly = true)
    public List<UUID> visibleProjectIds(String userId) {
        List<UUID> ids = new ArrayList<>(projects.idsOfUser(userId));
        members.ofUser(userId).forEach(m -> ids.add(m.projectId()));
        return ids;
    }

    @Transactional(readOnly = true)
    public Optional<Project> find(String ownerId, UUID projectId) {
        return projects.find(projectId).filter(p -> p.userId().equals(ownerId));
    }

    /**
     * The network a session's project chose for its tasks: null when the session has no project, the project is gone
     * or it chose none (then the server default applies).
     */
    @Transactional(readOnly = true)
    public @Nullable NetworkConfig networkOf(String ownerId, @Nullable UUID projectId) {
        // an editor's session in a shared project follows that project's network too
        return projectId == null ? null : projects.find(projectId).filter(p -> roleIn(ownerId, p).isPresent())
                .map(Project::network).orElse(null);
    }

    @Transactional(readOnly = true)
    public List<Project> search(Caller caller, String pattern, int limit) {
        return projects.search(caller.userId(), pattern, limit);
    }

    /** The caller's projects, then those shared with them, each newest first, with the caller's role. */
    @Transactional(readOnly = true)
    List<ProjectView> list(Caller caller) {
        List<Project> own = projects.listByUser(caller.userId());
        Map<UUID, ProjectRole> shared = new java.util.HashMap<>();
        members.ofUser(caller.userId()).forEach(m -> shared.put(m.projectId(), m.role()));
        List<Project> others = new ArrayList<>(projects.findAll(shared.keySet()));
        others.sort(Comparator.comparing(Project::createdAt).reversed().thenComparing(Project::id));
        Map<UUID, Integer> counts = members.counts(own.stream().map(Project::id).toList());
        Set<String> owners = new HashSet<>();
        others.forEach(p -> owners.add(p.userId()));
        Map<String, UserDirectory.DirectoryUser> names = directory.byIds(owners);
        List<ProjectView> views = new ArrayList<>();
        own.forEach(p -> views.add(ProjectView.of(p, ProjectRole.OWNER, null, counts.getOrDefault(p.id(), 0))));
        others.forEach(p -> views.add(ProjectView.of(p, shared.getOrDefault(p.id(), ProjectRole.VIEWER),
                ownerName(names, p.userId()), 0)));
        return views;
    }

    /** One project as {@code caller} sees it. */
    @Transactional(readOnly = true)
    ProjectView view(Caller caller, Project p) {
        ProjectRole role = roleIn(caller.userId(), p).orElse(ProjectRole.OWNER);
        if (role == ProjectRole.OWNER) {
            return ProjectView.of(p, role, null, members.counts(List.of(p.id())).getOrDefault(p.id(), 0));
        }
        return ProjectView.of(p, role, ownerName(directory.byIds(List.of(p.userId())), p.userId()), 0);
    }

    private static String ownerName(Map<String, UserDirectory.DirectoryUser> names, String userId) {
        UserDirectory.DirectoryUser user = names.get(userId);
        return user == null ? userId : user.displayName();
    }

    @Transactional
    Project create(Caller caller, CreateProjectRequest request) {
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            throw new BadRequestException("Project name cannot be empty");
        }
        RepoFields repo = RepoFields.from(request.repoUrl(), request.gitBranch(), request.gitTokenEnvKey());
        NetworkConfig net = request.network() == null ? null : network.normalise(request.network());
        return projects.insert(caller.userId(), name, repo.url(), repo.branch(), repo.tokenKey(), net);
    }

    @Transactional
    Project update(Caller caller, UUID projectId, JsonNode body) {
        Project current = require(caller, projectId);
        JsonPatch patch = JsonPatch.of(body);
        Optional<String> name = patch.string("name", 255);
        Optional<String> repoUrl = patch.string("repo_url", 2000);
        Optional<String> branch = patch.string("git_branch", 255);
        Optional<String> tokenKey = patch.string("git_token_env_key", 255);
        Optional<JsonNode> networkSent = patch.object("network");
        patch.validate();
        // absent: unchanged; null: back to the server default; an object: replaced whole
        NetworkConfig net = patch.has("network")
                ? networkSent.map(n -> network.normalise(n, "network")).orElse(null) : current.network();

        String newName = name.map(String::strip).filter(s -> !s.isEmpty()).orElse(current.name());
        RepoFields repo;
        if (patch.has("repo_url")) {
            repo = RepoFields.from(repoUrl.orElse(null), branch.orElse(null), tokenKey.orElse(null));
        } else {
            boolean touchesRepo = patch.has("git_branch") || patch.has("git_token_env_key");
            if (touchesRepo && current.repoUrl() == null) {
                throw new BadRequestException("Set repo_url before git_branch or git_token_env_key");
            }
            String newBranch = patch.has("git_branch")
                    ? Optional.ofNullable(Texts.trimToNull(branch.orElse(null))).orElse(DEFAULT_BRANCH)
                    : current.gitBranch();
            String newToken = patch.has("git_token_env_key") ? Texts.trimToNull(tokenKey.orElse(null))
                    : current.gitTokenEnvKey();
            repo = new RepoFields(current.repoUrl(), newBranch, newToken);
        }
        return projects.update(projectId, newName, repo.url(), repo.branch(), repo.tokenKey(), net);
    }

    @Transactional
    void delete(Caller caller, UUID projectId) {
        require(caller, projectId);
        projects.softDelete(projectId);
        events.publishEvent(new ProjectDeleted(projectId, caller.userId()));
    }

    private record RepoFields(@Nullable String url, @Nullable String branch, @Nullable String tokenKey) {
        static RepoFields from(@Nullable String url, @Nullable String branch, @Nullable String tokenKey) {
            String trimmed = Texts.trimToNull(url);
            if (trimmed == null) {
                return new RepoFields(null, null, null);
            }
            String b = Texts.trimToNull(branch);
            return new RepoFields(RepoUrls.normalize(trimmed), b == null ? DEFAULT_BRANCH : b, Texts.trimToNull(tokenKey));
        }
    }
}
