package dev.poco.server.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProjectApiTest extends ApiTest {

    @Test
    void createsListsUpdatesAndDeletesAProject() {
        JsonNode created = alice.post("/api/v1/projects",
                Map.of("name", "Site", "repo_url", "http://www.github.com/acme/site.git/")).ok();
        assertThat(created.path("repo_url").asString()).isEqualTo("https://github.com/acme/site");
        assertThat(created.path("git_branch").asString()).isEqualTo("main");
        String id = created.path("project_id").asString();

        assertThat(alice.get("/api/v1/projects").ok()).hasSize(1);
        JsonNode renamed = alice.patch("/api/v1/projects/" + id, Map.of("name", "Website", "git_branch", "dev")).ok();
        assertThat(renamed.path("name").asString()).isEqualTo("Website");
        assertThat(renamed.path("git_branch").asString()).isEqualTo("dev");

        alice.delete("/api/v1/projects/" + id).ok();
        alice.get("/api/v1/projects/" + id).error(404, 14001);
        assertThat(alice.get("/api/v1/projects").ok()).isEmpty();
    }

    @Test
    void anotherUsersProjectIsNotFound() {
        String id = alice.post("/api/v1/projects", Map.of("name", "Mine")).ok().path("project_id").asString();
        bob.get("/api/v1/projects/" + id).error(404, 14001);
        bob.patch("/api/v1/projects/" + id, Map.of("name", "Stolen")).error(404, 14001);
        bob.delete("/api/v1/projects/" + id).error(404, 14001);
        assertThat(alice.get("/api/v1/projects/" + id).ok().path("name").asString()).isEqualTo("Mine");
    }

    @Test
    void badInputGetsAnEnvelopeNeverA500() {
        alice.post("/api/v1/projects", "{not json").error(400, 40000);
        alice.post("/api/v1/projects", Map.of("name", 42)).error(422, 40000);
        alice.post("/api/v1/projects", Map.of()).error(422, 40000);
        alice.post("/api/v1/projects", Map.of("name", "x".repeat(300))).error(422, 40000);
        alice.post("/api/v1/projects", Map.of("name", "Repo", "repo_url", "https://gitlab.com/a/b")).error(400, 40000);
        alice.get("/api/v1/projects/not-a-uuid").error(422, 40000);
        alice.get("/api/v1/projects/00000000-0000-0000-0000-000000000000").error(404, 14001);
        alice.patch("/api/v1/projects/00000000-0000-0000-0000-000000000000", "[1]").error(404, 14001);
    }
}
