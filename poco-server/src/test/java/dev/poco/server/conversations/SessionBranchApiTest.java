package dev.poco.server.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.server.support.ApiTest;
import dev.poco.server.support.Exports;
import dev.poco.server.support.FakeRunner;
import dev.poco.server.support.Sdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /sessions/{id}/branch} (reference §3.4): a new session with the history up to a message. */
class SessionBranchApiTest extends ApiTest {

    /** An unprivileged host uid like the one sandboxes run as. */
    private static final int SANDBOX_UID = 65534;

    private FakeRunner fake;
    private String sessionId;
    private String projectId;
    private JsonNode source;

    /** Turn 1: q1, tool call, tool result, a1 (with usage); turn 2: q2, a2. Both runs completed. */
    @BeforeEach
    void twoTurns() {
        fake = new FakeRunner(runner);
        projectId = alice.post("/api/v1/projects", Map.of("name", "P")).ok().path("project_id").asString();
        Map<String, Object> first = fake.task("q1");
        first.put("project_id", projectId);
        JsonNode task = alice.post("/api/v1/tasks", first).ok();
        sessionId = task.path("session_id").asString();
        String run1 = task.path("run_id").asString();
        fake.start(run1);
        fake.send(sessionId, run1, Sdk.toolUse("toolu_1", "Bash", Map.of("command", "ls")));
        fake.send(sessionId, run1, Sdk.toolResult("toolu_1", "a.txt", false));
        fake.send(sessionId, run1, Sdk.assistantText("a1"));
        fake.send(sessionId, run1, Sdk.result(0.25, 500, Map.of("input_tokens", 10)));
        fake.complete(sessionId, run1);
        fake.converse(alice, sessionId, "q2", "a2");
        alice.patch("/api/v1/sessions/" + sessionId, Map.of("sdk_session_id", "sdk-1",
                "state_patch", Map.of("current_step", "Done"))).ok();
        source = alice.get("/api/v1/sessions/" + sessionId).ok();
    }

    private JsonNode messages(String id) {
        return alice.get("/api/v1/sessions/" + id + "/messages").ok();
    }

    private JsonNode branch(long messageId) {
        return alice.post("/api/v1/sessions/" + sessionId + "/branch", Map.of("message_id", messageId)).ok();
    }

    @Test
    void branchingAtAnAnswerKeepsTheWholeTurn() {
        JsonNode original = messages(sessionId);
        assertThat(original).hasSize(7);
        long toolCall = original.get(1).path("id").asLong();

        JsonNode result = branch(toolCall);
        String copy = result.path("session_id").asString();
        assertThat(copy).isNotEqualTo(sessionId);
        assertThat(result.path("source_session_id").asString()).isEqualTo(sessionId);
        assertThat(result.path("cutoff_message_id").asLong()).isEqualTo(toolCall);

        JsonNode copied = messages(copy);
        assertThat(copied).extracting(m -> m.path("role").asString())
                .as("the tool result and the final answer of the turn come along")
                .containsExactly("user", "assistant", "user", "assistant", "assistant");
        for (int i = 0; i < 5; i++) {
            assertThat(copied.get(i).path("content")).isEqualTo(original.get(i).path("content"));
            assertThat(copied.get(i).path("text_preview")).isEqualTo(original.get(i).path("text_preview"));
        }
        assertThat(copied.get(0).path("id").asLong()).as("new ids").isGreaterThan(original.get(6).path("id").asLong());

        JsonNode session = alice.get("/api/v1/sessions/" + copy).ok();
        assertThat(session.path("status").asString()).isEqualTo("completed");
        assertThat(session.path("title").asString()).isEqualTo("q1");
        assertThat(session.path("project_id").asString()).isEqualTo(projectId);
        assertThat(session.path("sdk_session_id").isNull())
                .as("a branch that cuts turns off starts a fresh CLI thread, as in poco").isTrue();
        assertThat(session.path("config_snapshot")).isEqualTo(source.path("config_snapshot"));
        assertThat(session.path("state_patch").path("current_step").asString()).isEqualTo("Done");

        JsonNode runs = alice.get("/api/v1/runs/session/" + copy).ok();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("status").asString()).isEqualTo("completed");
        assertThat(runs.get(0).path("user_message_id").asLong()).isEqualTo(copied.get(0).path("id").asLong());
        assertThat(runs.get(0).path("claimed_by").isNull()).isTrue();
        JsonNode usage = alice.get("/api/v1/sessions/" + copy + "/usage").ok();
        assertThat(usage.path("total_duration_ms").asLong()).isEqualTo(500);
        assertThat(alice.get("/api/v1/sessions/" + copy + "/tool-executions").ok()).as("not copied").isEmpty();

        assertThat(messages(sessionId)).as("the source is untouched").hasSize(7);
        assertThat(alice.get("/api/v1/sessions").ok()).hasSize(2);
    }

    @Test
    void branchingAtAPromptCopiesUpToIt() {
        JsonNode original = messages(sessionId);
        long q2 = original.get(5).path("id").asLong();
        String copy = branch(q2).path("session_id").asString();
        assertThat(messages(copy)).extracting(m -> m.path("text_preview").asString(null))
                .containsExactly("q1", null, null, "a1", null, "q2");
        assertThat(alice.get("/api/v1/runs/session/" + copy).ok()).as("both runs finished and their prompts came along")
                .hasSize(2);
    }

    @Test
    void branchingAtTheLastAnswerCopiesEverything() {
        JsonNode original = messages(sessionId);
        String copy = branch(original.get(6).path("id").asLong()).path("session_id").asString();
        assertThat(messages(copy)).hasSize(7);
    }

    @Test
    void theBranchGetsACopyOfTheWorkspaceAndTheAgentHome() throws IOException {
        Path root = pocoHome().resolve("workspaces");
        String user = source.path("user_id").asString();
        Path from = WorkspaceLayout.sessionDir(root, user, UUID.fromString(sessionId));
        Path workspace = from.resolve("workspace");
        Files.createDirectories(workspace.resolve("src"));
        Files.writeString(workspace.resolve("src/app.py"), "print(1)\n");
        Files.createDirectories(workspace.resolve(".claude_data/projects/-workspace"));
        Files.writeString(workspace.resolve(".claude_data/projects/-workspace/sdk-1.jsonl"), "{\"type\":\"user\"}\n");
        Files.createDirectories(workspace.resolve(".git"));
        Files.writeString(workspace.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Path script = workspace.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.setAttribute(script, "unix:uid", SANDBOX_UID, LinkOption.NOFOLLOW_LINKS); // tests run as root, as CI
        Path secret = Files.createTempFile("outside", ".txt");
        Files.writeString(secret, "not for the branch");
        Files.createSymbolicLink(workspace.resolve("escape.txt"), secret);
        Files.createDirectories(from.resolve("home"));
        Files.createSymbolicLink(from.resolve("home/.claude"), Path.of("/workspace/.claude_data"));
        Files.writeString(from.resolve("home/.claude.json"), "{}");

        Exports.export(port, sessionId, workspace); // what users read of the workspace: its export, which the branch shares
        JsonNode original = messages(sessionId);
        String copy = branch(original.get(6).path("id").asLong()).path("session_id").asString();

        Path to = WorkspaceLayout.sessionDir(root, user, UUID.fromString(copy));
        assertThat(to.resolve("workspace/src/app.py")).hasContent("print(1)");
        assertThat(to.resolve("workspace/.claude_data/projects/-workspace/sdk-1.jsonl")).as("the CLI transcript")
                .hasContent("{\"type\":\"user\"}");
        assertThat(to.resolve("workspace/.git/HEAD")).hasContent("ref: refs/heads/main");
        assertThat(Files.getPosixFilePermissions(to.resolve("workspace/run.sh")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(Files.isSymbolicLink(to.resolve("workspace/escape.txt"))).as("a link stays a link").isTrue();
        assertThat(Files.readSymbolicLink(to.resolve("workspace/escape.txt"))).isEqualTo(secret);
        assertThat(Files.readSymbolicLink(to.resolve("home/.claude"))).isEqualTo(Path.of("/workspace/.claude_data"));
        assertThat(to.resolve("home/.claude.json")).hasContent("{}");
        assertThat(alice.getBytes("/api/v1/sessions/" + copy + "/workspace/raw?path=src/app.py").body())
                .asString(java.nio.charset.StandardCharsets.UTF_8).isEqualTo("print(1)\n");
        assertThat(Files.getAttribute(to.resolve("workspace/run.sh"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
                .as("the owner (the sandbox's host user) is kept").isEqualTo(SANDBOX_UID);
        assertThat(alice.get("/api/v1/sessions/" + copy).ok().path("sdk_session_id").asString())
                .as("the whole conversation came along, so the branch resumes the CLI thread").isEqualTo("sdk-1");
        assertThat(workspace.resolve("src/app.py")).as("the source is untouched").hasContent("print(1)");
    }

    @Test
    void aBranchWithoutAWorkspaceOnThisHostCopiesNoFiles() {
        JsonNode original = messages(sessionId);
        String copy = branch(original.get(6).path("id").asLong()).path("session_id").asString();
        Path to = WorkspaceLayout.sessionDir(pocoHome().resolve("workspaces"), source.path("user_id").asString(),
                UUID.fromString(copy));
        assertThat(to).doesNotExist();
        assertThat(alice.get("/api/v1/sessions/" + copy + "/workspace/files").ok()).isEmpty();
    }

    @Test
    void anUnfinishedRunIsNotCopied() {
        JsonNode task = alice.post("/api/v1/tasks", fake.followUp(sessionId, "q3")).ok();
        JsonNode original = messages(sessionId);
        String copy = branch(original.get(original.size() - 1).path("id").asLong()).path("session_id").asString();
        assertThat(messages(copy)).hasSize(8);
        assertThat(alice.get("/api/v1/runs/session/" + copy).ok()).hasSize(2);
        assertThat(fake.claim().path("run").path("run_id").asString()).isEqualTo(task.path("run_id").asString());
    }

    @Test
    void badCutoffsAreRefused() {
        String path = "/api/v1/sessions/" + sessionId + "/branch";
        alice.post(path, Map.of("message_id", Long.MAX_VALUE)).error(404, 40400);
        String other = fake.converse(alice, null, "other", "x").path("session_id").asString();
        long foreign = messages(other).get(0).path("id").asLong();
        alice.post(path, Map.of("message_id", foreign)).error(400, 40000);
        alice.post(path, Map.of("message_id", 0)).error(422, 40000);
        alice.post(path, Map.of("message_id", -1)).error(422, 40000);
        alice.post(path, Map.of("message_id", "x")).error(422, 40000);
        alice.post(path, Map.of()).error(422, 40000);
        alice.post(path, "").error(422, 40000);
        alice.post(path, "{\"message_id\"").error(400, 40000);
        long mine = messages(sessionId).get(0).path("id").asLong();
        bob.post(path, Map.of("message_id", mine)).error(403, 40300);
        alice.post("/api/v1/sessions/" + UUID.randomUUID() + "/branch", Map.of("message_id", mine)).error(404, 40400);
        assertThat(alice.get("/api/v1/sessions").ok()).as("no branch was made").hasSize(2);
    }
}
