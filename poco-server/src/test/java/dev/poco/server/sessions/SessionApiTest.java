package dev.poco.server.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Sessions: create, list, read, state, patch and delete (reference §2 sessions.py 1–5, 10). */
class SessionApiTest extends ApiTest {

    private static final String UNKNOWN = "00000000-0000-0000-0000-000000000000";

    @Autowired
    JdbcClient jdbc;

    private String newSession() {
        return alice.post("/api/v1/sessions", Map.of()).ok().path("session_id").asString();
    }

    private String project(String name) {
        return alice.post("/api/v1/projects", Map.of("name", name)).ok().path("project_id").asString();
    }

    @Test
    void createsAnEmptyPendingChatSession() {
        JsonNode s = alice.post("/api/v1/sessions", Map.of()).ok();
        assertThat(s.path("session_id").asString()).matches("[0-9a-f-]{36}");
        assertThat(s.path("user_id").asString()).startsWith("alice-");
        assertThat(s.path("status").asString()).isEqualTo("pending");
        assertThat(s.path("project_id").isNull()).isTrue();
        assertThat(s.path("sdk_session_id").isNull()).isTrue();
        assertThat(s.path("title").isNull()).isTrue();
        assertThat(s.path("config_snapshot").isNull()).isTrue();
        assertThat(s.path("workspace_archive_url").isNull()).isTrue();
        assertThat(s.path("state_patch").isNull()).isTrue();
        assertThat(s.path("workspace_export_status").isNull()).isTrue();
        assertThat(s.path("created_at").asString()).isNotBlank();
        assertThat(s.path("updated_at").asString()).isNotBlank();
        assertThat(s.has("kind")).as("poco's SessionResponse has no kind").isFalse();
        for (String key : new String[] {"workspace_files_prefix", "workspace_manifest_key", "workspace_archive_key"}) {
            assertThat(s.has(key)).as(key + " is part of the answer").isTrue();
            assertThat(s.path(key).isNull()).as(key + " is null while unused").isTrue();
        }
    }

    @Test
    void theBrowserIsOffUnlessACallerTurnsItOn() {
        assertThat(alice.post("/api/v1/sessions", Map.of("config", Map.of())).ok().path("config_snapshot")
                .path("browser_enabled").asBoolean(true)).as("TaskConfig's default").isFalse();
        assertThat(alice.post("/api/v1/sessions", Map.of("config", Map.of("browser_enabled", true))).ok()
                .path("config_snapshot").path("browser_enabled").asBoolean()).isTrue();
        String task = alice.post("/api/v1/tasks", Map.of("prompt", "hi", "schedule_mode", "test-" + UNKNOWN)).ok()
                .path("session_id").asString();
        JsonNode config = alice.get("/api/v1/sessions/" + task).ok().path("config_snapshot");
        assertThat(config.path("browser_enabled").asBoolean(false))
                .as("a task that does not mention it runs without a browser (poco leaves the key out)").isFalse();
    }

    @Test
    void theWorkspaceKeysAPatchSetsAreReadBack() {
        String id = newSession();
        alice.patch("/api/v1/sessions/" + id, Map.of("workspace_files_prefix", "workspaces/u/s/files",
                "workspace_manifest_key", "workspaces/u/s/manifest.json",
                "workspace_archive_key", "workspaces/u/s/archive.zip")).ok();
        JsonNode s = alice.get("/api/v1/sessions/" + id).ok();
        assertThat(s.path("workspace_files_prefix").asString()).isEqualTo("workspaces/u/s/files");
        assertThat(s.path("workspace_manifest_key").asString()).isEqualTo("workspaces/u/s/manifest.json");
        assertThat(s.path("workspace_archive_key").asString()).isEqualTo("workspaces/u/s/archive.zip");
        assertThat(alice.get("/api/v1/sessions").ok()).filteredOn(n -> n.path("session_id").asString().equals(id))
                .singleElement().satisfies(n -> assertThat(n.path("workspace_archive_key").asString())
                        .isEqualTo("workspaces/u/s/archive.zip"));
    }

    @Test
    void theConfigIsStoredVerbatimWithItsDefaults() {
        JsonNode s = alice.post("/api/v1/sessions", Map.of("config", Map.of("repo_url", "https://github.com/a/b",
                "model", "whatever-model", "mcp_config", Map.of("3", true)))).ok();
        JsonNode config = s.path("config_snapshot");
        assertThat(config.path("repo_url").asString()).isEqualTo("https://github.com/a/b");
        assertThat(config.path("model").asString()).as("not validated here, unlike /tasks").isEqualTo("whatever-model");
        assertThat(config.path("git_branch").asString()).isEqualTo("main");
        assertThat(config.path("browser_enabled").asBoolean(true)).isFalse();
        assertThat(config.path("mcp_config").path("3").asBoolean()).isTrue();
        assertThat(config.path("skill_config").isObject()).isTrue();
        assertThat(config.path("plugin_config").isObject()).isTrue();
        assertThat(config.path("subagent_ids").isArray()).isTrue();
        assertThat(config.path("input_files").isArray()).isTrue();
    }

    @Test
    void aSessionMayBelongToOneOfTheCallersProjects() {
        String projectId = project("Site");
        JsonNode s = alice.post("/api/v1/sessions", Map.of("project_id", projectId)).ok();
        assertThat(s.path("project_id").asString()).isEqualTo(projectId);

        alice.post("/api/v1/sessions", Map.of("project_id", UNKNOWN)).error(404, 14001);
        String bobs = bob.post("/api/v1/projects", Map.of("name", "Bob's")).ok().path("project_id").asString();
        alice.post("/api/v1/sessions", Map.of("project_id", bobs)).error(404, 14001);
    }

    @Test
    void createRejectsBadInputWithAnEnvelope() {
        alice.post("/api/v1/sessions", "{oops").error(400, 40000);
        alice.post("/api/v1/sessions", "").error(422, 40000);
        alice.post("/api/v1/sessions", "[]").error(422, 40000);
        alice.post("/api/v1/sessions", Map.of("project_id", "x")).error(422, 40000);
        alice.post("/api/v1/sessions", Map.of("project_id", 5)).error(422, 40000);
        alice.post("/api/v1/sessions", Map.of("config", "nope")).error(422, 40000);
        alice.post("/api/v1/sessions", Map.of("config", Map.of("browser_enabled", "yes please"))).error(422, 40000);
        alice.post("/api/v1/sessions", Map.of("config", Map.of("git_branch", "b".repeat(300)))).error(422, 40000);
        alice.post("/api/v1/sessions", Map.of("config", Map.of("input_files", List.of(Map.of("name", "a")))))
                .error(422, 40000);
    }

    @Test
    void listsOnlyTheCallersSessionsNewestFirstWithPaging() {
        String first = newSession();
        String second = newSession();
        String third = newSession();
        bob.post("/api/v1/sessions", Map.of()).ok();

        assertThat(alice.get("/api/v1/sessions").ok()).extracting(s -> s.path("session_id").asString())
                .containsExactly(third, second, first);
        assertThat(alice.get("/api/v1/sessions?limit=2").ok()).extracting(s -> s.path("session_id").asString())
                .containsExactly(third, second);
        assertThat(alice.get("/api/v1/sessions?limit=2&offset=2").ok()).extracting(s -> s.path("session_id").asString())
                .containsExactly(first);
        assertThat(alice.get("/api/v1/sessions?offset=10").ok()).isEmpty();
    }

    @Test
    void listFiltersByProjectAndKind() {
        String projectId = project("P");
        String inProject = alice.post("/api/v1/sessions", Map.of("project_id", projectId)).ok()
                .path("session_id").asString();
        String plain = newSession();
        String userId = alice.get("/api/v1/sessions/" + plain).ok().path("user_id").asString();
        UUID scheduled = jdbc.sql("INSERT INTO agent_sessions (user_id, kind, status) VALUES (:u, 'scheduled', 'pending')"
                + " RETURNING id").param("u", userId).query(UUID.class).single();

        assertThat(alice.get("/api/v1/sessions?project_id=" + projectId).ok())
                .extracting(s -> s.path("session_id").asString()).containsExactly(inProject);
        assertThat(alice.get("/api/v1/sessions").ok()).extracting(s -> s.path("session_id").asString())
                .containsExactly(plain, inProject);
        assertThat(alice.get("/api/v1/sessions?kind=scheduled").ok()).extracting(s -> s.path("session_id").asString())
                .containsExactly(scheduled.toString());
        assertThat(alice.get("/api/v1/sessions?kind=all").ok()).hasSize(3);
        assertThat(alice.get("/api/v1/sessions?kind=ALL").ok()).hasSize(3);
        assertThat(alice.get("/api/v1/sessions?kind=").ok()).hasSize(3);
        assertThat(alice.get("/api/v1/sessions?kind=nightly").ok()).isEmpty();
    }

    @Test
    void listRejectsBadQueryParameters() {
        alice.get("/api/v1/sessions?limit=abc").error(422, 40000);
        alice.get("/api/v1/sessions?limit=-1").error(422, 40000);
        alice.get("/api/v1/sessions?offset=-5").error(422, 40000);
        alice.get("/api/v1/sessions?limit=99999999999").error(422, 40000);
        alice.get("/api/v1/sessions?project_id=not-a-uuid").error(422, 40000);
        alice.get("/api/v1/sessions?kind=" + "k".repeat(300)).error(422, 40000);
    }

    @Test
    void readsASessionAndItsState() {
        String id = newSession();
        JsonNode s = alice.get("/api/v1/sessions/" + id).ok();
        assertThat(s.path("session_id").asString()).isEqualTo(id);
        assertThat(s.path("status").asString()).isEqualTo("pending");

        alice.patch("/api/v1/sessions/" + id, Map.of("state_patch", Map.of("current_step", "Reading"),
                "workspace_export_status", "ready")).ok();
        JsonNode state = alice.get("/api/v1/sessions/" + id + "/state").ok();
        assertThat(state.path("session_id").asString()).isEqualTo(id);
        assertThat(state.path("status").asString()).isEqualTo("pending");
        assertThat(state.path("workspace_export_status").asString()).isEqualTo("ready");
        assertThat(state.path("updated_at").asString()).isNotBlank();
        assertThat(state.path("state_patch").path("current_step").asString()).isEqualTo("Reading");
        assertThat(state.path("state_patch").path("todos").isArray()).as("defaults filled in").isTrue();
        assertThat(state.path("state_patch").path("mcp_status").isArray()).isTrue();
        assertThat(state.size()).as("only the poll fields").isEqualTo(5);
    }

    @Test
    void anotherUsersSessionIsForbiddenAndAnUnknownOneNotFound() {
        String id = newSession();
        bob.get("/api/v1/sessions/" + id).error(403, 40300);
        bob.get("/api/v1/sessions/" + id + "/state").error(403, 40300);
        bob.patch("/api/v1/sessions/" + id, Map.of("title", "mine now")).error(403, 40300);
        bob.delete("/api/v1/sessions/" + id).error(403, 40300);
        assertThat(alice.get("/api/v1/sessions/" + id).ok().path("title").isNull()).isTrue();

        alice.get("/api/v1/sessions/" + UNKNOWN).error(404, 40400);
        alice.get("/api/v1/sessions/" + UNKNOWN + "/state").error(404, 40400);
        alice.patch("/api/v1/sessions/" + UNKNOWN, Map.of("title", "t")).error(404, 40400);
        alice.delete("/api/v1/sessions/" + UNKNOWN).error(404, 40400);
        alice.get("/api/v1/sessions/x").error(422, 40000);
        alice.get("/api/v1/sessions/x/state").error(422, 40000);
    }

    @Test
    void patchSetsTitleStatusAndFieldsWithPocosNullRules() {
        String id = newSession();
        JsonNode s = alice.patch("/api/v1/sessions/" + id, Map.of("title", "  My title  ", "status", "whatever-i-like",
                "sdk_session_id", "sdk-1", "workspace_archive_url", "https://x/archive.zip")).ok();
        assertThat(s.path("title").asString()).isEqualTo("My title");
        assertThat(s.path("status").asString()).as("any string").isEqualTo("whatever-i-like");
        assertThat(s.path("sdk_session_id").asString()).isEqualTo("sdk-1");
        assertThat(s.path("workspace_archive_url").asString()).isEqualTo("https://x/archive.zip");

        Map<String, Object> nulls = new HashMap<>();
        nulls.put("title", null);
        nulls.put("status", null);
        nulls.put("sdk_session_id", null);
        JsonNode cleared = alice.patch("/api/v1/sessions/" + id, nulls).ok();
        assertThat(cleared.path("title").isNull()).as("an explicit null clears the title").isTrue();
        assertThat(cleared.path("status").asString()).as("null leaves other fields alone").isEqualTo("whatever-i-like");
        assertThat(cleared.path("sdk_session_id").asString()).isEqualTo("sdk-1");

        JsonNode untouched = alice.patch("/api/v1/sessions/" + id, Map.of()).ok();
        assertThat(untouched.path("status").asString()).isEqualTo("whatever-i-like");
    }

    @Test
    void patchSetsAndClearsTheProject() {
        String id = newSession();
        String projectId = project("P");
        assertThat(alice.patch("/api/v1/sessions/" + id, Map.of("project_id", projectId)).ok()
                .path("project_id").asString()).isEqualTo(projectId);
        Map<String, Object> clear = new HashMap<>();
        clear.put("project_id", null);
        assertThat(alice.patch("/api/v1/sessions/" + id, clear).ok().path("project_id").isNull()).isTrue();

        alice.patch("/api/v1/sessions/" + id, Map.of("project_id", UNKNOWN)).error(404, 14001);
        String bobs = bob.post("/api/v1/projects", Map.of("name", "B")).ok().path("project_id").asString();
        alice.patch("/api/v1/sessions/" + id, Map.of("project_id", bobs)).error(404, 14001);
        alice.patch("/api/v1/sessions/" + id, Map.of("project_id", "x")).error(422, 40000);
    }

    @Test
    void deletingAProjectDetachesItsSessionsAndItCannotBeReattached() {
        String projectId = project("Doomed");
        String id = alice.post("/api/v1/sessions", Map.of("project_id", projectId)).ok().path("session_id").asString();
        alice.delete("/api/v1/projects/" + projectId).ok();
        assertThat(alice.get("/api/v1/sessions/" + id).ok().path("project_id").isNull()).isTrue();
        alice.patch("/api/v1/sessions/" + id, Map.of("project_id", projectId)).error(404, 14001);
        alice.post("/api/v1/sessions", Map.of("project_id", projectId)).error(404, 14001);
    }

    @Test
    void patchStoresAStatePatchObject() {
        String id = newSession();
        JsonNode s = alice.patch("/api/v1/sessions/" + id, Map.of("state_patch", Map.of("todos", List.of(
                Map.of("content", "Write tests", "status", "in_progress")), "current_step", "Testing"))).ok();
        assertThat(s.path("state_patch").path("todos").get(0).path("content").asString()).isEqualTo("Write tests");
        assertThat(s.path("state_patch").path("current_step").asString()).isEqualTo("Testing");

        JsonNode odd = alice.patch("/api/v1/sessions/" + id, Map.of("state_patch", Map.of("todos", "not a list"))).ok();
        assertThat(odd.path("state_patch").path("todos").asString()).as("stored unvalidated, shown as is")
                .isEqualTo("not a list");
    }

    @Test
    void patchRejectsBadInput() {
        String id = newSession();
        alice.patch("/api/v1/sessions/" + id, Map.of("title", "   ")).error(400, 40000);
        alice.patch("/api/v1/sessions/" + id, Map.of("title", "t".repeat(256))).error(400, 40000);
        alice.patch("/api/v1/sessions/" + id, Map.of("title", "t".repeat(5000))).error(422, 40000);
        alice.patch("/api/v1/sessions/" + id, Map.of("title", 5)).error(422, 40000);
        alice.patch("/api/v1/sessions/" + id, Map.of("status", "s".repeat(51))).error(422, 40000);
        alice.patch("/api/v1/sessions/" + id, Map.of("status", List.of("running"))).error(422, 40000);
        alice.patch("/api/v1/sessions/" + id, Map.of("state_patch", "done")).error(422, 40000);
        alice.patch("/api/v1/sessions/" + id, Map.of("state_patch", List.of())).error(422, 40000);
        alice.patch("/api/v1/sessions/" + id, "{not json").error(400, 40000);
        alice.patch("/api/v1/sessions/" + id, "[1, 2]").error(422, 40000);
        alice.patch("/api/v1/sessions/" + id, "\"title\"").error(422, 40000);
        alice.patch("/api/v1/sessions/" + id, "").error(422, 40000);
        assertThat(alice.get("/api/v1/sessions/" + id).ok().path("title").isNull()).as("nothing was applied").isTrue();
    }

    @Test
    void deleteHidesTheSessionAndCancelsItsQueuedRun() {
        FakeRunner fake = new FakeRunner(runner);
        JsonNode task = alice.post("/api/v1/tasks", fake.task("do something")).ok();
        String id = task.path("session_id").asString();

        JsonNode deleted = alice.delete("/api/v1/sessions/" + id).ok();
        assertThat(deleted.path("id").asString()).isEqualTo(id);

        alice.get("/api/v1/sessions/" + id).error(404, 40400);
        alice.delete("/api/v1/sessions/" + id).error(404, 40400);
        assertThat(alice.get("/api/v1/sessions").ok()).isEmpty();
        assertThat(jdbc.sql("SELECT is_deleted FROM agent_sessions WHERE id = :id").param("id", UUID.fromString(id))
                .query(Boolean.class).single()).as("soft delete").isTrue();
        assertThat(jdbc.sql("SELECT status FROM agent_runs WHERE id = :id")
                .param("id", UUID.fromString(task.path("run_id").asString())).query(String.class).single())
                .isEqualTo("canceled");
        assertThat(fake.claim()).as("nothing left to claim").isNull();
        alice.delete("/api/v1/sessions/x").error(422, 40000);
    }
}
