package dev.poco.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13: a task's repository is checked where the user sends it. poco's GitHub URL rule (§3.15) answers 400 with
 * its messages, and a token variable the user has no secret for is a 400 too, instead of a run that can only fail.
 */
class TaskRepositoryApiTest extends ApiTest {

    private FakeRunner fake;

    @BeforeEach
    void fakeRunner() {
        fake = new FakeRunner(runner);
    }

    private Map<String, Object> task(Map<String, Object> config) {
        Map<String, Object> body = fake.task("Work on the repository");
        body.put("config", config);
        return body;
    }

    @Test
    void aGitHubUrlIsStoredNormalisedInTheRunsSnapshot() {
        JsonNode task = alice.post("/api/v1/tasks", task(Map.of("repo_url", "http://www.github.com/acme/site.git/",
                "git_branch", "dev"))).ok();

        JsonNode snapshot = alice.get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("config_snapshot");
        assertThat(snapshot.path("repo_url").asString()).isEqualTo("https://github.com/acme/site");
        assertThat(snapshot.path("git_branch").asString()).isEqualTo("dev");
    }

    @Test
    void aUrlThatIsNotGitHubIsRefusedWithPocosMessages() {
        assertThat(alice.post("/api/v1/tasks", task(Map.of("repo_url", "https://gitlab.com/acme/site"))).error(400, 40000).message())
                .contains("Only github.com URLs are supported");
        assertThat(alice.post("/api/v1/tasks", task(Map.of("repo_url", "ssh://github.com/acme/site"))).error(400, 40000).message())
                .contains("Only http(s) GitHub URLs are supported");
        assertThat(alice.post("/api/v1/tasks", task(Map.of("repo_url", "https://github.com/acme"))).error(400, 40000).message())
                .contains("Invalid GitHub repository URL");
    }

    @Test
    void aTokenVariableMustNameOneOfTheCallersSecrets() {
        assertThat(alice.post("/api/v1/tasks", task(Map.of("repo_url", "https://github.com/acme/site",
                "git_token_env_key", "GH_TOKEN"))).error(400, 40000).message())
                .isEqualTo("git_token_env_key names GH_TOKEN, but you have no secret of that name: add it under"
                        + " Settings → Secrets");
        bob.post("/api/v1/env-vars", Map.of("key", "GH_TOKEN", "value", "ghp_bobs")).ok();
        assertThat(alice.post("/api/v1/tasks", task(Map.of("repo_url", "https://github.com/acme/site",
                "git_token_env_key", "GH_TOKEN"))).status()).as("another user's secret does not count").isEqualTo(400);

        alice.post("/api/v1/env-vars", Map.of("key", "GH_TOKEN", "value", "ghp_alices")).ok();
        JsonNode task = alice.post("/api/v1/tasks", task(Map.of("repo_url", "https://github.com/acme/site",
                "git_token_env_key", "GH_TOKEN"))).ok();
        JsonNode snapshot = alice.get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("config_snapshot");
        assertThat(snapshot.path("git_token_env_key").asString()).isEqualTo("GH_TOKEN");
        assertThat(snapshot.toString()).doesNotContain("ghp_alices");
    }
}
