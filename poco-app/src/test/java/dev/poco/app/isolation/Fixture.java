package dev.poco.app.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.app.isolation.AuthScheme.Principal;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.telegram.FakeTelegramServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * User A's world: one of every kind of resource the API can reach, made through the API as A would
 * (the runner token only for what only a runner can make: a question, a browser screenshot). Each id
 * is filed under the path template that names it ({@code /api/v1/sessions/{sessionId}}), so the test
 * can fill any served path; {@link #markers()} are the strings (ids and a unique word in every name)
 * that must never appear in an answer to user B.
 */
final class Fixture {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration RUN = Duration.ofSeconds(120);
    /** The file A's run writes into its workspace. */
    static final String WORKSPACE_FILE = "a.txt";
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0};

    /** In every name, title and text A creates: B must never see it. */
    final String marker = "isoA" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> markers = new LinkedHashSet<>();
    private final Http http;
    private final AuthScheme scheme;
    private final Map<String, String> runner;

    private Fixture(Http http, AuthScheme scheme, String runnerToken) {
        this.http = http;
        this.scheme = scheme;
        this.runner = Map.of("X-Internal-Token", runnerToken);
        markers.add(marker);
    }

    /** The value of {@code {param}} in {@code template} (the path up to and including it), or null. */
    @Nullable String value(String template) {
        return values.get(template);
    }

    Set<String> markers() {
        return markers;
    }

    Map<String, String> values() {
        return values;
    }

    private void file(String template, String value) {
        values.put(template, value);
        if (value.length() >= 8) { // numeric ids are too short to search for in other answers
            markers.add(value);
        }
    }

    static Fixture create(Http http, AuthScheme scheme, String runnerToken, FakeAnthropicServer model,
            FakeTelegramServer telegram, Path localFolders) {
        Fixture f = new Fixture(http, scheme, runnerToken);
        f.build(model, telegram, localFolders);
        return f;
    }

    private void build(FakeAnthropicServer model, FakeTelegramServer telegram, Path localFolders) {
        String m = marker;
        String project = a("POST", "/api/v1/projects", Map.of("name", m + "-project")).path("project_id").asString();
        file("/api/v1/projects/{projectId}", project);
        // a member to name in /members/{userId}: A itself, the one user every scheme has (sharing with oneself is a
        // 400, but only after the project's check, which B fails first)
        file("/api/v1/projects/{projectId}/members/{userId}", scheme.userId(Principal.USER_A));

        JsonNode attachment = upload("/api/v1/attachments/upload", m + ".txt", "text/plain",
                ("notes of " + m).getBytes(StandardCharsets.UTF_8));
        file("/api/v1/attachments/{attachmentId}", attachment.path("id").asString());
        file("attachment source", attachment.path("source").asString());

        // a session with a finished run: messages, a tool call, workspace files, a local folder worktree
        String folder = m + "-repo";
        Path repo = gitRepository(localFolders.resolve(folder));
        model.enqueue(Reply.bash("echo " + m + " > " + WORKSPACE_FILE + " && cd /mnt/" + folder + " && echo " + m
                + " > b.txt", "write"), Reply.text("Done " + m));
        JsonNode task = a("POST", "/api/v1/tasks", Map.of("prompt", "Write " + m, "project_id", project,
                "config", Map.of("input_files", List.of(attachment),
                        "local_folders", List.of(Map.of("path", repo.toString(), "mode", "rw")))));
        String session = task.path("session_id").asString();
        String run = task.path("run_id").asString();
        file("/api/v1/sessions/{sessionId}", session);
        file("/api/v1/runs/session/{sessionId}", session);
        file("/api/v1/runs/{runId}", run);
        file("/api/v1/sessions/{sessionId}/local-folders/{name}", folder);
        await().atMost(RUN).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode s = a("GET", "/api/v1/sessions/" + session, null);
            String status = s.path("status").asString();
            assertThat(status).as("A's fixture session %s", s).isNotEqualTo("failed");
            // the title comes from the server's own model call, after the run: wait for it too
            return status.equals("completed") && !s.path("title").isNull();
        });
        JsonNode messages = a("GET", "/api/v1/sessions/" + session + "/messages", null);
        file("/api/v1/messages/{messageId}", messages.get(0).path("id").asString());
        JsonNode tools = a("GET", "/api/v1/sessions/" + session + "/tool-executions", null);
        file("/api/v1/tool-executions/{executionId}", tools.get(0).path("id").asString());
        String toolUseId = tools.get(0).path("tool_use_id").asString();
        runner("PUT", "/api/v1/internal/sessions/" + session + "/computer/browser/" + toolUseId, "image/png", PNG);
        file("/api/v1/sessions/{sessionId}/computer/browser/{toolUseId}", toolUseId);

        // a second, empty session holds an open question (a finished run's session keeps its status)
        String asking = a("POST", "/api/v1/sessions", Map.of("project_id", project)).path("session_id").asString();
        markers.add(asking);
        JsonNode question = runnerJson("POST", "/api/v1/internal/user-input-requests", Map.of("session_id", asking,
                "tool_name", "AskUserQuestion", "expires_at", OffsetDateTime.now().plusHours(1).toString(),
                "tool_input", Map.of("questions", List.of(Map.of("question", "Which " + m + "?")))));
        file("/api/v1/user-input-requests/{requestId}", question.path("id").asString());

        file("/api/v1/env-vars/{envVarId}", a("POST", "/api/v1/env-vars", Map.of("key", "ISOLATION_" + m.toUpperCase(),
                "value", "secret-" + m)).path("id").asString());
        markers.add("secret-" + m);

        String server = a("POST", "/api/v1/mcp-servers", Map.of("name", m + "-mcp",
                "server_config", Map.of("command", "echo"))).path("id").asString();
        file("/api/v1/mcp-servers/{serverId}", server);
        file("/api/v1/mcp-installs/{installId}", a("POST", "/api/v1/mcp-installs",
                Map.of("server_id", Integer.parseInt(server), "enabled", true)).path("id").asString());

        String skill = a("POST", "/api/v1/skills", Map.of("name", m + "-skill", "entry", Map.of()))
                .path("id").asString();
        file("/api/v1/skills/{id}", skill);
        file("/api/v1/skill-installs/{installId}", install("/api/v1/skill-installs", "skill_id", skill));
        String plugin = a("POST", "/api/v1/plugins", Map.of("name", m + "-plugin", "entry", Map.of()))
                .path("id").asString();
        file("/api/v1/plugins/{id}", plugin);
        file("/api/v1/plugin-installs/{installId}", install("/api/v1/plugin-installs", "plugin_id", plugin));
        file("/api/v1/skills/import/jobs/{jobId}", importJob("skills", Map.of(m + "-imported/SKILL.md", "# skill\n"),
                m + "-imported"));
        file("/api/v1/plugins/import/jobs/{jobId}", importJob("plugins", Map.of(
                m + "-pimported/.claude-plugin/plugin.json", "{\"name\":\"" + m + "-pimported\"}"), m + "-pimported"));

        JsonNode memoryJob = a("POST", "/api/v1/memories", Map.of("messages",
                List.of(Map.of("role", "user", "content", "A remembers " + m)), "infer", false));
        file("/api/v1/memories/jobs/{jobId}", memoryJob.path("job_id").asString());
        await().atMost(RUN).until(() -> a("GET", "/api/v1/memories", null).path("results").size() > 0);
        file("/api/v1/memories/{memoryId}", a("GET", "/api/v1/memories", null).path("results").get(0)
                .path("id").asString());

        file("/api/v1/permission-rules/{ruleId}", a("POST", "/api/v1/permission-rules", Map.of("behavior", "deny",
                "rule", "Bash(" + m + ":*)", "project_id", project)).path("id").asString());
        file("/api/v1/scheduled-tasks/{taskId}", a("POST", "/api/v1/scheduled-tasks", Map.of("name", m + "-schedule",
                "cron", "0 0 1 1 *", "prompt", "Yearly " + m, "enabled", false, "project_id", project))
                .path("scheduled_task_id").asString());
        file("/api/v1/slash-commands/{commandId}", a("POST", "/api/v1/slash-commands", Map.of("name", m + "-command",
                "raw_markdown", "Do " + m + ".\n")).path("id").asString());
        file("/api/v1/subagents/{subagentId}", a("POST", "/api/v1/subagents", Map.of("name", m + "-agent",
                "description", "Agent " + m, "prompt", "You are " + m + ".")).path("id").asString());
        file("/api/v1/tokens/{tokenId}", a("POST", "/api/v1/tokens", Map.of("name", m + "-token", "scope", "read"))
                .path("id").asString());
        a("PUT", "/api/v1/claude-md", Map.of("content", "# Rules of " + m + "\n"));
        a("PUT", "/api/v1/memories/settings", Map.of("enabled", true));

        // a Telegram chat linked to A's account
        String code = a("POST", "/api/v1/im/link-codes", null).path("code").asString();
        long chat = ThreadLocalRandom.current().nextLong(1_000_000, Long.MAX_VALUE / 2);
        telegram.pushUpdate(telegram.textUpdate(chat, chat, "/link " + code));
        await().atMost(RUN).until(() -> a("GET", "/api/v1/im/links", null).size() > 0);
        file("/api/v1/im/links/{linkId}", a("GET", "/api/v1/im/links", null).get(0).path("id").asString());
        markers.add(code);
    }

    private String install(String path, String field, String id) {
        JsonNode existing = a("GET", path, null);
        for (JsonNode install : existing) {
            if (install.path(field).asString().equals(id)) {
                return install.path("id").asString();
            }
        }
        return a("POST", path, Map.of(field, Integer.parseInt(id), "enabled", true)).path("id").asString();
    }

    private String importJob(String kind, Map<String, String> files, String relativePath) {
        JsonNode discovered = upload("/api/v1/" + kind + "/import/discover", "pack.zip", "application/zip", zip(files));
        String job = a("POST", "/api/v1/" + kind + "/import/commit", Map.of("archive_key",
                discovered.path("archive_key").asString(), "selections", List.of(Map.of("relative_path",
                        relativePath)))).path("job_id").asString();
        await().atMost(RUN).until(() -> !Set.of("queued", "running").contains(
                a("GET", "/api/v1/" + kind + "/import/jobs/" + job, null).path("status").asString()));
        return job;
    }

    /** As A: asserts success (HTTP 200, envelope code 0) and returns {@code data}. */
    JsonNode a(String method, String path, @Nullable Object body) {
        Http.Response r = http.json(method, path, scheme.headers(Principal.USER_A),
                body == null ? null : JSON.writeValueAsString(body));
        return data(method, path, r);
    }

    private JsonNode upload(String path, String name, String type, byte[] content) {
        String boundary = "----isolation-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        Http.Response r = http.send("POST", path, scheme.headers(Principal.USER_A),
                "multipart/form-data; boundary=" + boundary, out.toByteArray());
        return data("POST", path, r);
    }

    private JsonNode runnerJson(String method, String path, Object body) {
        return data(method, path, http.json(method, path, runner, JSON.writeValueAsString(body)));
    }

    private void runner(String method, String path, String type, byte[] body) {
        data(method, path, http.send(method, path, runner, type, body));
    }

    private static JsonNode data(String method, String path, Http.Response r) {
        assertThat(r.status()).as("%s %s for the fixture: %s", method, path, r.body()).isEqualTo(200);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("code").asInt()).as("%s %s: %s", method, path, r.body()).isZero();
        return json.path("data");
    }

    private static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Path gitRepository(Path dir) {
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder("sh", "-c", "git init -q -b main && echo hello > README && git add README"
                    + " && git -c user.email=a@example.com -c user.name=A commit -qm init")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("git init: %s", out).isZero();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
