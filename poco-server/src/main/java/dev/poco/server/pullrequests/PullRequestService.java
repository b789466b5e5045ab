package dev.poco.server.pullrequests;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.auth.Caller;
import dev.poco.server.common.BadRequestException;
import dev.poco.server.common.ConflictException;
import dev.poco.server.common.ErrorCode;
import dev.poco.server.common.Json;
import dev.poco.server.envvars.EnvVarService;
import dev.poco.server.sessions.Session;
import dev.poco.server.sessions.SessionService;
import dev.poco.server.sessions.SessionStatus;
import dev.poco.server.workspace.WorkspaceFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Pushes a finished session's repository changes to a new branch and opens a pull request (issue 13, part 2).
 * Checks, in order: the caller owns the session; it has finished; it has a GitHub repository; the branch name is
 * valid; a token is configured and the user has it; the clone is in the workspace on this host. Then
 * {@link HostGitPush} commits and pushes, and {@link GitHubPulls} opens the pull request.
 */
@Service
public class PullRequestService {

    /** poco's normalised repository URL, as the runner clones it (its {@code RepositoryCloner}). */
    private static final Pattern GITHUB = Pattern.compile("https://github\\.com/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)");
    private static final Set<String> FINISHED = Set.of(SessionStatus.COMPLETED.wire(), SessionStatus.FAILED.wire(),
            SessionStatus.CANCELED.wire());

    private final SessionService sessions;
    private final EnvVarService envVars;
    private final WorkspaceFiles workspaces;
    private final GitHubProperties github;
    private final HostGitPush git;
    private final GitHubPulls pulls;

    PullRequestService(SessionService sessions, EnvVarService envVars, WorkspaceFiles workspaces,
            GitHubProperties github, Json json) {
        this.sessions = sessions;
        this.envVars = envVars;
        this.workspaces = workspaces;
        this.github = github;
        Duration timeout = Duration.ofSeconds(github.timeoutSeconds());
        this.git = new HostGitPush("git", timeout);
        this.pulls = new GitHubPulls(github.apiUrl(), timeout, json.mapper());
    }

    public PushResult push(Caller caller, UUID sessionId, PushRequest request) {
        Session session = sessions.requireEditable(caller, sessionId);
        if (!FINISHED.contains(session.status())) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "The session is still " + session.status()
                    + ": push its changes once it has finished");
        }
        JsonNode config = session.configSnapshot();
        String url = text(config, "repo_url");
        if (url == null) {
            throw new BadRequestException("This session has no repository: only a session started with a repo_url"
                    + " can push to GitHub");
        }
        Matcher repo = GITHUB.matcher(url);
        if (!repo.matches()) {
            throw new BadRequestException("Only GitHub repositories (https://github.com/<owner>/<repo>) can be pushed"
                    + " to: " + url);
        }
        String shortId = sessionId.toString().substring(0, 8);
        String branch = or(request.branch(), "poco/" + shortId);
        git.checkBranchName(branch);

        String key = text(config, "git_token_env_key");
        if (key == null) {
            throw new BadRequestException("No token configured: set git_token_env_key on the task or project to the"
                    + " name of a secret holding a GitHub token with write access to " + url);
        }
        String token = envVars.map(session.userId()).values().get(key);
        if (token == null || token.isBlank()) {
            throw new BadRequestException("The repository's token variable " + key + " is not set: add a secret"
                    + " named " + key + " under Settings → Secrets");
        }

        String name = repo.group(2).endsWith(".git") ? repo.group(2).substring(0, repo.group(2).length() - 4)
                : repo.group(2);
        name = name.isBlank() || name.startsWith(".") ? "repo" : name; // as the runner names the clone
        Path clone = WorkspaceLayout.workspace(workspaces.root(), session.userId(), sessionId).resolve(name);
        if (!Files.isDirectory(clone, LinkOption.NOFOLLOW_LINKS)
                || !Files.isDirectory(clone.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            throw new ConflictException(ErrorCode.BAD_REQUEST, "The session's workspace has no clone of " + url
                    + " on this server (expected under POCO_WORKSPACES_ROOT, at /workspace/" + name + " for the"
                    + " agent); with runners on other hosts the server must see the same workspaces directory");
        }

        String title = or(request.title(), or(session.title(), "Changes from Poco session " + shortId));
        String requestedBody = request.body();
        String body = requestedBody == null || requestedBody.isBlank() ? "Opened from Poco session " + sessionId + "."
                : requestedBody;
        String remote = base(github.url()) + repo.group(1) + "/" + repo.group(2);
        HostGitPush.Pushed pushed = git.push(clone, remote, text(config, "git_branch"), branch, firstLine(title),
                "Pushed from Poco session " + sessionId + ".", token);
        String pullRequest = pulls.open(repo.group(1), name, token, title, branch, pushed.base(), body);
        return new PushResult(branch, pushed.commit(), pushed.base(), pullRequest);
    }

    private static String base(java.net.URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    private static String firstLine(String title) {
        return title.lines().findFirst().orElse(title);
    }

    /** {@code s} without surrounding space, or {@code fallback} when it is blank. */
    private static String or(@Nullable String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s.strip();
    }

    private static @Nullable String text(@Nullable JsonNode config, String field) {
        if (config == null) {
            return null;
        }
        JsonNode node = config.get(field);
        if (node == null || !node.isString() || node.asString().isBlank()) {
            return null;
        }
        return node.asString().strip();
    }
}
