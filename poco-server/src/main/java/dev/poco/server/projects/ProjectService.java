package dev.poco.server.projects;

import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.JsonPatch;
import dev.poco.server.common.NotFoundException;
import dev.poco.server.common.Texts;
import dev.poco.server.network.NetworkConfig;
import dev.poco.server.network.NetworkPolicies;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/** Project use cases; a project that is missing, deleted or someone else's is PROJECT_NOT_FOUND. */
@Service
public class ProjectService {

    private static final String DEFAULT_BRANCH = "main";

    private final ProjectRepository projects;
    private final ApplicationEventPublisher events;
    private final NetworkPolicies network;

    ProjectService(ProjectRepository projects, ApplicationEventPublisher events, NetworkPolicies network) {
        this.projects = projects;
        this.events = events;
        this.network = network;
    }

    /** The caller's project, or PROJECT_NOT_FOUND. */
    /**
     * poco's repository URL rule (§3.15) for a URL sent outside a project (a task's {@code repo_url}).
     *
     * @throws BadRequestException with poco's message when it is not a GitHub repository URL
     */
    public String normalizeRepoUrl(String raw) {
        return RepoUrls.normalize(raw);
    }

    @Transactional(readOnly = true)
    public Project require(Caller caller, UUID projectId) {
        return find(caller.userId(), projectId)
                .orElseThrow(() -> new NotFoundException(ErrorCode.PROJECT_NOT_FOUND, "Project not found: " + projectId));
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
        return projectId == null ? null : find(ownerId, projectId).map(Project::network).orElse(null);
    }

    @Transactional(readOnly = true)
    public List<Project> search(Caller caller, String pattern, int limit) {
        return projects.search(caller.userId(), pattern, limit);
    }

    @Transactional(readOnly = true)
    List<Project> list(Caller caller) {
        return projects.listByUser(caller.userId());
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
