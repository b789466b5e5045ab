package dev.poco.server.pullrequests;

import static dev.poco.server.support.GitHubStandIns.API;
import static dev.poco.server.support.GitHubStandIns.GIT;
import static dev.poco.server.support.GitHubStandIns.TOKEN;
import static dev.poco.testkit.git.GitHttpServer.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.runner.workspace.RepositoryCloner;
import dev.poco.runner.workspace.SessionWorkspace;
import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import dev.poco.testkit.git.FakeGitHubApi;
import dev.poco.testkit.http.Api;
import dev.poco.testkit.http.Reply;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /sessions/{id}/repository/push} against real git (a smart-HTTP server behind GitHub's token
 * authentication) and a stand-in for GitHub's pull request API on a real socket. The session's clone is made by the
 * runner's own {@link RepositoryCloner}, owned by an unprivileged uid as the sandbox leaves it, and booby-trapped as
 * an agent could: hooks, an fsmonitor and a clean filter that would each leave a mark if the host's git ran them.
 */
class RepositoryPushApiTest extends ApiTest {

    /** An unprivileged host uid like the one sandboxes run as. */
    private static final int SANDBOX_UID = 65534;
    private static final String SECRET = "GH_PUSH_TOKEN";

    private FakeRunner fake;
    private String repo;
    private String url;
    private Path marks;

    @BeforeEach
    void repository() throws Exception {
        fake = new FakeRunner(runner);
        repo = "site-" + UUID.randomUUID().toString().substring(0, 8);
        url = "https://github.com/acme/" + repo;
        GIT.repository("acme", repo, "main", Map.of("README.md", "# Site\n", "src/app.js", "console.log(1)\n"));
        marks = Files.createTempDirectory("push-marks");
        Files.setPosixFilePermissions(marks, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** A finished session of {@code user} whose task names the repository; its workspace holds the runner's clone. */
    private String finishedSession(Api user, String tokenValue, boolean withTokenKey) throws Exception {
        user.post("/api/v1/env-vars", Map.of("key", SECRET, "value", tokenValue)).ok();
        Map<String, Object> config = new HashMap<>(Map.of("repo_url", url, "git_branch", "main"));
        if (withTokenKey) {
            config.put("git_token_env_key", SECRET);
        }
        Map<String, Object> task = fake.task("Improve the readme");
        task.put("config", config);
        JsonNode created = user.post("/api/v1/tasks", task).ok();
        String sessionId = created.path("session_id").asString();
        String runId = created.path("run_id").asString();
        fake.start(runId);
        fake.complete(sessionId, runId);
        String userId = user.get("/api/v1/sessions/" + sessionId).ok().path("user_id").asString();
        SessionWorkspace ws = SessionWorkspace.of(pocoHome().resolve("workspaces"), userId, UUID.fromString(sessionId));
        Files.createDirectories(ws.workspace());
        Files.createDirectories(ws.home());
        new RepositoryCloner("git", GIT.baseUrl()).clone(ws, url, "main", TOKEN, line -> { });
        return sessionId;
    }

    private Path clone(String sessionId, Api user) {
        String userId = user.get("/api/v1/sessions/" + sessionId).ok().path("user_id").asString();
        return SessionWorkspace.of(pocoHome().resolve("workspaces"), userId, UUID.fromString(sessionId)).workspace()
                .resolve(repo);
    }

    /** What an agent could plant in its clone for the host's git to run. */
    private void plantTraps(Path clone) throws Exception {
        Path hooks = Files.createDirectories(clone.resolve(".git/hooks"));
        for (String hook : List.of("pre-commit", "commit-msg", "post-commit", "pre-push", "reference-transaction",
                "post-checkout", "fsmonitor-watchman")) {
            Path script = hooks.resolve(hook);
            Files.writeString(script, "#!/bin/sh\ntouch " + marks.resolve("hook-" + hook) + "\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.writeString(clone.resolve(".git/config"), Files.readString(clone.resolve(".git/config"))
                + "[core]\n\tfsmonitor = touch " + marks.resolve("fsmonitor") + "\n"
                + "[filter \"trap\"]\n\tclean = sh -c 'touch " + marks.resolve("filter") + "; cat'\n"
                + "\trequired = true\n"
                + "[uploadpack]\n\tpackObjectsHook = touch " + marks.resolve("pack-hook") + ";\n");
        Files.writeString(clone.resolve(".gitattributes"), "* filter=trap\n");
    }

    private static void chownToSandbox(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Files.setAttribute(p, "unix:uid", SANDBOX_UID, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private List<FakeGitHubApi.Request> pullRequestsFor() {
        return API.requests.stream().filter(r -> r.path().equals("/repos/acme/" + repo + "/pulls")).toList();
    }

    @Test
    void theSessionsChangesArePushedToANewBranchAndAPullRequestOpensWithTheTokenNowhereInTheWorkspace()
            throws Exception {
        String sessionId = finishedSession(alice, TOKEN, true);
        Path clone = clone(sessionId, alice);
        Files.writeString(clone.resolve("README.md"), "# Site\n\nNow with a description.\n");
        Files.writeString(Files.createDirectories(clone.resolve("docs")).resolve("guide.md"), "How to\n");
        plantTraps(clone);
        chownToSandbox(clone);
        byte[] configBefore = Files.readAllBytes(clone.resolve(".git/config"));

        JsonNode pushed = alice.post("/api/v1/sessions/" + sessionId + "/repository/push", Map.of(
                "branch", "feature/readme", "title", "Describe the site", "body", "Written by the agent.")).ok();

        assertThat(pushed.path("branch").asString()).isEqualTo("feature/readme");
        assertThat(pushed.path("base").asString()).isEqualTo("main");
        String commit = pushed.path("commit").asString();
        assertThat(commit).matches("[0-9a-f]{40}");
        assertThat(pushed.path("pull_request_url").asString()).matches("https://github\\.com/acme/" + repo
                + "/pull/\\d+");

        Path bare = GIT.bare("acme", repo);
        assertThat(git(bare, "rev-parse", "refs/heads/feature/readme").strip()).isEqualTo(commit);
        assertThat(git(bare, "show", commit + ":README.md")).isEqualTo("# Site\n\nNow with a description.\n");
        assertThat(git(bare, "show", commit + ":docs/guide.md")).isEqualTo("How to\n");
        assertThat(git(bare, "show", commit + ":src/app.js")).isEqualTo("console.log(1)\n");
        assertThat(git(bare, "rev-parse", commit + "^").strip()).as("on top of the cloned branch")
                .isEqualTo(git(bare, "rev-parse", "refs/heads/main").strip());
        assertThat(git(bare, "log", "-1", "--format=%s%n%an <%ae>", commit))
                .isEqualTo("Describe the site\nPoco <poco@localhost>\n");

        List<FakeGitHubApi.Request> requests = pullRequestsFor();
        assertThat(requests).hasSize(1);
        FakeGitHubApi.Request request = requests.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        JsonNode body = Api.JSON.readTree(request.body());
        assertThat(body.path("title").asString()).isEqualTo("Describe the site");
        assertThat(body.path("head").asString()).isEqualTo("feature/readme");
        assertThat(body.path("base").asString()).isEqualTo("main");
        assertThat(body.path("body").asString()).isEqualTo("Written by the agent.");

        try (Stream<Path> files = Files.walk(clone.getParent().getParent())) {
            assertThat(files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))).as("grep -r TOKEN")
                    .noneSatisfy(f -> assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets
                            .ISO_8859_1)).contains(TOKEN));
        }
        assertThat(clone.resolve(".git/config")).as("the clone is not written").hasBinaryContent(configBefore);
        assertThat(marks).as("no hook, fsmonitor, filter or pack hook of the agent's ran").isEmptyDirectory();
    }

    @Test
    void theAgentsOwnCommitIsPushedUnderTheDefaultBranchNameAndTheSessionsTitle() throws Exception {
        String sessionId = finishedSession(alice, TOKEN, true);
        Path clone = clone(sessionId, alice);
        Files.writeString(clone.resolve("CHANGELOG.md"), "- first\n");
        git(clone, "add", "CHANGELOG.md");
        git(clone, "-c", "user.name=agent", "-c", "user.email=agent@sandbox", "commit", "-q", "-m", "Add a changelog");
        String agentCommit = git(clone, "rev-parse", "HEAD").strip();

        JsonNode pushed = alice.post("/api/v1/sessions/" + sessionId + "/repository/push", null).ok();

        assertThat(pushed.path("branch").asString()).isEqualTo("poco/" + sessionId.substring(0, 8));
        assertThat(pushed.path("commit").asString()).as("nothing left to commit").isEqualTo(agentCommit);
        assertThat(git(GIT.bare("acme", repo), "rev-parse", "refs/heads/poco/" + sessionId.substring(0, 8)).strip())
                .isEqualTo(agentCommit);
        JsonNode body = Api.JSON.readTree(pullRequestsFor().getFirst().body());
        assertThat(body.path("title").asString()).isEqualTo("Improve the readme");
        assertThat(body.path("body").asString()).contains(sessionId);
    }

    @Test
    void aBadBranchNameIsRefusedBeforeAnythingIsPushed() throws Exception {
        String sessionId = finishedSession(alice, TOKEN, true);
        Files.writeString(clone(sessionId, alice).resolve("README.md"), "changed\n");
        for (String bad : List.of("bad name", "a..b", "x.lock", "-force", "feature/", "@{-1}", "a~1", "refs:x")) {
            Reply reply = alice.post("/api/v1/sessions/" + sessionId + "/repository/push", Map.of("branch", bad))
                    .error(400, 40000);
            assertThat(reply.message()).as(bad).startsWith("Invalid branch name");
        }
        assertThat(git(GIT.bare("acme", repo), "for-each-ref", "--format=%(refname)")).isEqualTo("refs/heads/main\n");
        assertThat(pullRequestsFor()).isEmpty();
    }

    @Test
    void aSessionWithoutChangesHasNothingToPush() throws Exception {
        String sessionId = finishedSession(alice, TOKEN, true);
        Reply reply = alice.post("/api/v1/sessions/" + sessionId + "/repository/push", Map.of()).error(409, 40000);
        assertThat(reply.message()).startsWith("No changes to push");
        assertThat(pullRequestsFor()).isEmpty();
    }

    @Test
    void aWrongTokenFailsThePushClearlyAndOpensNoPullRequest() throws Exception {
        String sessionId = finishedSession(alice, "ghp_wrongToken000000000000000000", true);
        Files.writeString(clone(sessionId, alice).resolve("README.md"), "changed\n");
        Reply reply = alice.post("/api/v1/sessions/" + sessionId + "/repository/push", Map.of()).error(400, 40000);
        assertThat(reply.message()).startsWith("Push rejected: GitHub refused the token");
        assertThat(pullRequestsFor()).isEmpty();
        assertThat(git(GIT.bare("acme", repo), "for-each-ref", "--format=%(refname)")).isEqualTo("refs/heads/main\n");
    }

    @Test
    void aBranchThatExistsIsNeverMovedNotEvenByAFastForward() throws Exception {
        String sessionId = finishedSession(alice, TOKEN, true);
        Files.writeString(clone(sessionId, alice).resolve("README.md"), "changed\n");
        Path bare = GIT.bare("acme", repo);
        String main = git(bare, "rev-parse", "refs/heads/main").strip();
        for (String taken : List.of("main", "release")) {
            if (taken.equals("release")) {
                git(bare, "update-ref", "refs/heads/release", main);
            }
            Reply reply = alice.post("/api/v1/sessions/" + sessionId + "/repository/push", Map.of("branch", taken))
                    .error(409, 40000);
            assertThat(reply.message()).startsWith("Push rejected: the branch " + taken + " already exists");
            assertThat(git(bare, "rev-parse", "refs/heads/" + taken).strip()).isEqualTo(main);
        }
        assertThat(pullRequestsFor()).isEmpty();
    }

    @Test
    void gitHubsRefusalOfThePullRequestComesBackWithItsMessage() throws Exception {
        String sessionId = finishedSession(alice, TOKEN, true);
        Files.writeString(clone(sessionId, alice).resolve("README.md"), "changed\n");
        API.answerNext(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\","
                + "\"code\":\"custom\",\"message\":\"A pull request already exists for acme:poco.\"}],"
                + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#create-a-pull-request\","
                + "\"status\":\"422\"}");
        Reply reply = alice.post("/api/v1/sessions/" + sessionId + "/repository/push", Map.of("branch", "poco/one"))
                .error(409, 40000);
        assertThat(reply.message()).contains("The branch poco/one was pushed")
                .contains("GitHub answered 422: Validation Failed (A pull request already exists for acme:poco.)");
        assertThat(reply.data().path("branch").asString()).isEqualTo("poco/one");

        Files.writeString(clone(sessionId, alice).resolve("README.md"), "changed again\n");
        API.answerNext(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\","
                + "\"status\":\"401\"}");
        reply = alice.post("/api/v1/sessions/" + sessionId + "/repository/push", Map.of("branch", "poco/two"))
                .error(400, 40000);
        assertThat(reply.message()).contains("GitHub answered 401: Bad credentials");
    }

    @Test
    void onlyTheOwnerOfAFinishedSessionWithARepositoryAndATokenCanPush() throws Exception {
        String sessionId = finishedSession(alice, TOKEN, true);
        Files.writeString(clone(sessionId, alice).resolve("README.md"), "changed\n");
        assertThat(bob.post("/api/v1/sessions/" + sessionId + "/repository/push", Map.of()).status()).isIn(403, 404);
        assertThat(alice.post("/api/v1/sessions/" + UUID.randomUUID() + "/repository/push", Map.of()).status())
                .isEqualTo(404);

        String noKey = finishedSession(bob, TOKEN, false);
        Files.writeString(clone(noKey, bob).resolve("README.md"), "changed\n");
        assertThat(bob.post("/api/v1/sessions/" + noKey + "/repository/push", Map.of()).error(400, 40000).message())
                .startsWith("No token configured");

        JsonNode plain = fake.converse(alice, null, "No repository here", "ok");
        assertThat(alice.post("/api/v1/sessions/" + plain.path("session_id").asString() + "/repository/push",
                Map.of()).error(400, 40000).message()).startsWith("This session has no repository");

        JsonNode running = alice.post("/api/v1/tasks", fake.task("Still going")).ok();
        assertThat(alice.post("/api/v1/sessions/" + running.path("session_id").asString() + "/repository/push",
                Map.of()).error(409, 40000).message()).startsWith("The session is still");
        assertThat(pullRequestsFor()).isEmpty();
    }
}
