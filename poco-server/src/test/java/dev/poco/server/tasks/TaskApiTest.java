package dev.poco.server.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.server.support.ApiTest;
import dev.poco.server.support.FakeRunner;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /tasks} (reference §2 tasks.py, §3.2 enqueue). */
class TaskApiTest extends ApiTest {

    private static final String DEFAULT_MODEL = "claude-sonnet-4-6";
    private static final String UNKNOWN = "00000000-0000-0000-0000-000000000000";

    private FakeRunner fake;

    @BeforeEach
    void fakeRunner() {
        fake = new FakeRunner(runner);
    }

    private JsonNode run(String runId) {
        return alice.get("/api/v1/runs/" + runId).ok();
    }

    private Map<String, Object> task(String prompt, Object... pairs) {
        Map<String, Object> body = fake.task(prompt);
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }

    @Test
    void aFirstPromptCreatesATitledSessionAMessageAndAQueuedRun() {
        JsonNode task = alice.post("/api/v1/tasks", task("\n  Fix the login bug  \nand add a test")).ok();
        assertThat(task.size()).isEqualTo(3);
        assertThat(task.path("status").asString()).isEqualTo("queued");
        String sessionId = task.path("session_id").asString();
        String runId = task.path("run_id").asString();

        JsonNode session = alice.get("/api/v1/sessions/" + sessionId).ok();
        assertThat(session.path("title").asString()).isEqualTo("Fix the login bug");
        assertThat(session.path("status").asString()).isEqualTo("pending");
        assertThat(session.path("config_snapshot").path("mcp_server_ids").isArray()).isTrue();
        assertThat(session.path("config_snapshot").path("subagent_ids").isArray()).isTrue();

        JsonNode messages = alice.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        assertThat(messages).hasSize(1);
        JsonNode prompt = messages.get(0);
        assertThat(prompt.path("role").asString()).isEqualTo("user");
        assertThat(prompt.path("content").path("_type").asString()).isEqualTo("UserMessage");
        assertThat(prompt.path("content").path("content").get(0).path("_type").asString()).isEqualTo("TextBlock");
        assertThat(prompt.path("content").path("content").get(0).path("text").asString())
                .isEqualTo("Fix the login bug  \nand add a test");
        assertThat(prompt.path("text_preview").asString()).isEqualTo("Fix the login bug  \nand add a test");

        JsonNode run = run(runId);
        assertThat(run.path("session_id").asString()).isEqualTo(sessionId);
        assertThat(run.path("user_message_id").asLong()).isEqualTo(prompt.path("id").asLong());
        assertThat(run.path("status").asString()).isEqualTo("queued");
        assertThat(run.path("permission_mode").asString()).isEqualTo("default");
        assertThat(run.path("schedule_mode").asString()).isEqualTo(fake.mode());
        assertThat(run.path("progress").asInt()).isZero();
        assertThat(run.path("attempts").asInt()).isZero();
    }

    @Test
    void aLongFirstLineIsCutForTheTitle() {
        String line = "word ".repeat(40);
        String sessionId = alice.post("/api/v1/tasks", task(line)).ok().path("session_id").asString();
        String title = alice.get("/api/v1/sessions/" + sessionId).ok().path("title").asString();
        assertThat(title).endsWith("…").hasSizeLessThanOrEqualTo(81);
        assertThat(line).startsWith(title.substring(0, title.length() - 1));
    }

    @Test
    void aFollowUpReusesTheSessionAndResetsItsState() {
        JsonNode first = alice.post("/api/v1/tasks", task("first")).ok();
        String sessionId = first.path("session_id").asString();
        alice.patch("/api/v1/sessions/" + sessionId, Map.of("state_patch", Map.of("current_step", "old"),
                "status", "completed")).ok();

        JsonNode second = alice.post("/api/v1/tasks", task("second", "session_id", sessionId)).ok();
        assertThat(second.path("session_id").asString()).isEqualTo(sessionId);
        assertThat(second.path("run_id").asString()).isNotEqualTo(first.path("run_id").asString());

        JsonNode session = alice.get("/api/v1/sessions/" + sessionId).ok();
        assertThat(session.path("title").asString()).as("the title stays").isEqualTo("first");
        assertThat(session.path("status").asString()).isEqualTo("pending");
        assertThat(session.path("state_patch").path("current_step").isNull()).as("state reset").isTrue();
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/messages").ok())
                .extracting(m -> m.path("text_preview").asString()).containsExactly("first", "second");
    }

    @Test
    void aFollowUpToSomeoneElsesOrAMissingSessionIsRefused() {
        String sessionId = alice.post("/api/v1/tasks", task("mine")).ok().path("session_id").asString();
        bob.post("/api/v1/tasks", task("hijack", "session_id", sessionId)).error(403, 40300);
        alice.post("/api/v1/tasks", task("lost", "session_id", UNKNOWN)).error(404, 40400);
        alice.delete("/api/v1/sessions/" + sessionId).ok();
        alice.post("/api/v1/tasks", task("deleted", "session_id", sessionId)).error(404, 40400);
    }

    @Test
    void badPromptsAndBodiesAreRefused() {
        alice.post("/api/v1/tasks", task("   \n ")).error(400, 40000);
        alice.post("/api/v1/tasks", Map.of("schedule_mode", fake.mode())).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "prompt", 5)).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "prompt", List.of("a"))).error(422, 40000);
        alice.post("/api/v1/tasks", task("p".repeat(200_001))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "session_id", "x")).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "session_id", 5)).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "project_id", "nope")).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", "nope")).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("input_files", "nope"))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("input_files", List.of(Map.of("name", "a")))))
                .error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("mcp_config", List.of(1)))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("subagent_ids", List.of("one")))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("subagent_ids", List.of(99_999_999_999L))))
                .error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("mcp_server_ids", List.of(99_999_999_999L))))
                .error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("repo_url", 5))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("git_branch", "b".repeat(300)))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("browser_enabled", "maybe"))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("input_files", List.of(
                Map.of("name", "a", "source", "b", "type", "ftp"))))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("input_files", List.of(
                Map.of("name", "n".repeat(1001), "source", "b"))))).error(422, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("input_files", List.of(
                Map.of("name", "a", "source", "b", "size", "big"))))).error(422, 40000);
        alice.post("/api/v1/tasks", "{\"prompt\": ").error(400, 40000);
        alice.post("/api/v1/tasks", "").error(422, 40000);
        alice.post("/api/v1/tasks", "[\"hi\"]").error(422, 40000);
        assertThat(alice.get("/api/v1/sessions").ok()).as("nothing was created").isEmpty();
    }

    @Test
    void thePermissionModeMustBeOneOfClaudeCodes() {
        String runId = alice.post("/api/v1/tasks", task("plan it", "permission_mode", "plan")).ok()
                .path("run_id").asString();
        assertThat(run(runId).path("permission_mode").asString()).isEqualTo("plan");
        alice.post("/api/v1/tasks", task("x", "permission_mode", "yolo")).error(400, 40000);
        alice.post("/api/v1/tasks", task("x", "permission_mode", "PLAN")).error(400, 40000);
        alice.post("/api/v1/tasks", task("x", "permission_mode", 1)).error(422, 40000);
    }

    @Test
    void aProjectMustBeTheCallersAndMatchTheSession() {
        String projectId = alice.post("/api/v1/projects", Map.of("name", "Site",
                "repo_url", "https://github.com/acme/site", "git_branch", "dev")).ok().path("project_id").asString();
        JsonNode task = alice.post("/api/v1/tasks", task("in project", "project_id", projectId)).ok();
        JsonNode session = alice.get("/api/v1/sessions/" + task.path("session_id").asString()).ok();
        assertThat(session.path("project_id").asString()).isEqualTo(projectId);
        assertThat(session.path("config_snapshot").path("repo_url").asString()).isEqualTo("https://github.com/acme/site");
        assertThat(session.path("config_snapshot").path("git_branch").asString()).isEqualTo("dev");

        alice.post("/api/v1/tasks", task("x", "project_id", UNKNOWN)).error(404, 14001);
        String bobs = bob.post("/api/v1/projects", Map.of("name", "B")).ok().path("project_id").asString();
        alice.post("/api/v1/tasks", task("x", "project_id", bobs)).error(404, 14001);

        String other = alice.post("/api/v1/projects", Map.of("name", "Other")).ok().path("project_id").asString();
        alice.post("/api/v1/tasks", task("x", "session_id", task.path("session_id").asString(), "project_id", other))
                .error(400, 40000);
        String plain = alice.post("/api/v1/tasks", task("no project")).ok().path("session_id").asString();
        alice.post("/api/v1/tasks", task("x", "session_id", plain, "project_id", projectId)).error(400, 40000);
        alice.post("/api/v1/tasks", task("ok", "session_id", task.path("session_id").asString(),
                "project_id", projectId)).ok();
    }

    @Test
    void theDefaultModelIsNotPinnedAndOnlyListedModelsAreAccepted() {
        JsonNode defaulted = alice.post("/api/v1/tasks", task("a", "config", Map.of("model", DEFAULT_MODEL))).ok();
        String sessionId = defaulted.path("session_id").asString();
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("config_snapshot").has("model"))
                .as("the default is inherited, not stored").isFalse();

        alice.post("/api/v1/tasks", task("b", "session_id", sessionId, "config", Map.of("model", "claude-opus-4-1"))).ok();
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("config_snapshot").path("model").asString())
                .isEqualTo("claude-opus-4-1");
        alice.post("/api/v1/tasks", task("c", "session_id", sessionId)).ok();
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("config_snapshot").path("model").asString())
                .as("a follow-up without a model keeps it").isEqualTo("claude-opus-4-1");
        Map<String, Object> clear = new HashMap<>();
        clear.put("model", null);
        alice.post("/api/v1/tasks", task("d", "session_id", sessionId, "config", clear)).ok();
        assertThat(alice.get("/api/v1/sessions/" + sessionId).ok().path("config_snapshot").has("model")).isFalse();

        alice.post("/api/v1/tasks", task("x", "config", Map.of("model", "gpt-4o"))).error(400, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("model", 5))).error(400, 40000);
        alice.post("/api/v1/tasks", task("x", "config", Map.of("model", "m".repeat(300)))).error(400, 40000);
    }

    @Test
    void aNullConfigIsNoConfig() {
        String body = "{\"prompt\": \"hi\", \"schedule_mode\": \"" + fake.mode() + "\", \"config\": null}";
        JsonNode task = alice.post("/api/v1/tasks", body).ok();
        assertThat(alice.get("/api/v1/sessions/" + task.path("session_id").asString()).ok()
                .path("config_snapshot").path("subagent_ids").isArray()).isTrue();
    }

    @Test
    void inputFilesGoToTheRunNotTheSession() {
        Map<String, Object> file = Map.of("name", "notes.txt", "source", "https://example.com/notes.txt", "type", "url");
        JsonNode task = alice.post("/api/v1/tasks", task("read it", "config", Map.of("input_files", List.of(file))))
                .ok();
        JsonNode runConfig = run(task.path("run_id").asString()).path("config_snapshot");
        assertThat(runConfig.path("input_files")).hasSize(1);
        assertThat(runConfig.path("input_files").get(0).path("name").asString()).isEqualTo("notes.txt");
        assertThat(alice.get("/api/v1/sessions/" + task.path("session_id").asString()).ok()
                .path("config_snapshot").has("input_files")).isFalse();
    }

    @Test
    void aScheduledTimeWithATimezoneMakesAScheduledRun() {
        JsonNode naive = alice.post("/api/v1/tasks", Map.of("prompt", "later", "schedule_mode", "immediate",
                "scheduled_at", "2031-01-15T09:30:00", "timezone", "Europe/Paris")).ok();
        JsonNode run = run(naive.path("run_id").asString());
        assertThat(run.path("schedule_mode").asString()).isEqualTo("scheduled");
        assertThat(OffsetDateTime.parse(run.path("scheduled_at").asString()).withOffsetSameInstant(ZoneOffset.UTC))
                .isEqualTo(OffsetDateTime.parse("2031-01-15T08:30:00Z"));

        JsonNode offset = alice.post("/api/v1/tasks", Map.of("prompt", "later", "schedule_mode", "scheduled",
                "scheduled_at", "2031-06-01T12:00:00+02:00", "timezone", "Asia/Tokyo")).ok();
        assertThat(OffsetDateTime.parse(run(offset.path("run_id").asString()).path("scheduled_at").asString())
                .withOffsetSameInstant(ZoneOffset.UTC)).as("an explicit offset wins over the timezone")
                .isEqualTo(OffsetDateTime.parse("2031-06-01T10:00:00Z"));

        JsonNode utc = alice.post("/api/v1/tasks", Map.of("prompt", "later", "schedule_mode", "scheduled",
                "scheduled_at", "2031-06-01T12:00:00")).ok();
        assertThat(OffsetDateTime.parse(run(utc.path("run_id").asString()).path("scheduled_at").asString())
                .withOffsetSameInstant(ZoneOffset.UTC)).isEqualTo(OffsetDateTime.parse("2031-06-01T12:00:00Z"));
    }

    @Test
    void badSchedulesAreRefused() {
        alice.post("/api/v1/tasks", Map.of("prompt", "x", "schedule_mode", "scheduled")).error(400, 40000);
        alice.post("/api/v1/tasks", Map.of("prompt", "x", "schedule_mode", "nightly",
                "scheduled_at", "2031-01-01T00:00:00")).error(400, 40000);
        alice.post("/api/v1/tasks", Map.of("prompt", "x", "schedule_mode", "  ")).error(400, 40000);
        alice.post("/api/v1/tasks", Map.of("prompt", "x", "scheduled_at", "2031-01-01T00:00:00",
                "timezone", "Mars/Olympus")).error(400, 40000);
        alice.post("/api/v1/tasks", Map.of("prompt", "x", "scheduled_at", "next tuesday")).error(400, 40000);
        alice.post("/api/v1/tasks", Map.of("prompt", "x", "scheduled_at", 1700000000)).error(422, 40000);
        alice.post("/api/v1/tasks", Map.of("prompt", "x", "schedule_mode", "m".repeat(51))).error(422, 40000);
        assertThat(alice.get("/api/v1/sessions").ok()).isEmpty();
    }
}
