/**
 * Pushing a session's work back to GitHub (issue 13, part 2): on a finished session whose workspace holds the clone of
 * its {@code repo_url}, commit the changes on a new branch, push it with the token of the user's secret named by
 * {@code git_token_env_key}, and open a pull request through GitHub's REST API.
 * <ul>
 * <li>route: {@code POST /sessions/{id}/repository/push} ({@code PullRequestController}), body
 * {@code {branch?, title?, body?}}, answer {@code {branch, commit, base, pull_request_url}}; service:
 * {@code PullRequestService};</li>
 * <li>git runs on this host ({@code HostGitPush}), where the workspace is ({@code POCO_WORKSPACES_ROOT}, as for a
 * branch's workspace copy): never inside the agent's repository with its configuration or hooks, but in a
 * repository of its own in a temporary directory that fetches the agent's commits and uses the clone only as its
 * work tree. The token reaches only the push's git process ({@code GIT_CONFIG_*} environment), never a file;</li>
 * <li>{@code GitHubPulls} speaks GitHub's REST API ({@code POCO_GITHUB_API_URL}); pushes go to
 * {@code POCO_GITHUB_URL} (a mirror or GitHub Enterprise; default github.com).</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = {"auth", "common", "envvars", "sessions", "workspace"})
@NullMarked
package dev.poco.server.pullrequests;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
