package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a user sets up on the capabilities pages reaches the real CLI in its sandbox through the real server: a skill
 * imported from a zip, an MCP server whose definition names a secret, CLAUDE.md.
 */
class CapabilitiesTest extends EndToEndTest {

    private static final String SECRET = "s3cret-" + UUID.randomUUID();
    private static final String MEMORY = "Always answer in haiku " + UUID.randomUUID();

    @Test
    void anImportedSkillAnMcpServerWithASecretAndClaudeMdReachTheRun() throws Exception {
        alice.post("/api/v1/env-vars", Map.of("key", "ECHO_TOKEN", "value", SECRET)).ok();
        alice.put("/api/v1/claude-md", Map.of("enabled", true, "content", MEMORY)).ok();

        JsonNode discovered = alice.multipart("/api/v1/skills/import/discover", "file", "greeter.zip",
                "application/zip", zip(Map.of("greeter/SKILL.md",
                        "---\nname: greeter\ndescription: Greets people warmly\n---\n\nSay hello.\n"))).ok();
        String jobId = alice.post("/api/v1/skills/import/commit", Map.of("archive_key",
                discovered.path("archive_key").asString(), "selections",
                List.of(Map.of("relative_path", discovered.path("candidates").get(0).path("relative_path")
                        .asString(), "name_override", "greeter")))).ok().path("job_id").asString();
        JsonNode job = await().atMost(RUN).pollInterval(Duration.ofMillis(200))
                .until(() -> alice.get("/api/v1/skills/import/jobs/" + jobId).ok(),
                        j -> List.of("success", "failed").contains(j.path("status").asString()));
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("success");
        assertThat(job.path("result").path("items").get(0).path("error").isMissingNode()
                || job.path("result").path("items").get(0).path("error").isNull()).as(job.toString()).isTrue();

        JsonNode server = alice.post("/api/v1/mcp-servers", Map.of("name", "echo", "server_config",
                Map.of("mcpServers", Map.of("echo", Map.of("command", "node", "args", List.of("-e", script()),
                        "env", Map.of("ECHO_TOKEN", "${ECHO_TOKEN}")))))).ok();
        alice.post("/api/v1/mcp-installs", Map.of("server_id", server.path("id").asInt(), "enabled", true));

        MODEL.enqueue(Reply.bash("env > env.txt", "list the environment"),
                Reply.toolUse("mcp__echo__echo", Map.of("text", "ahoy")), Reply.text("Done."));
        String sessionId = task(alice, Map.of("prompt", "Use your tools")).path("session_id").asString();
        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");

        JsonNode init = initLine(sessionId);
        assertThat(init.path("skills").toString()).contains("greeter");
        assertThat(init.path("mcp_servers").toString()).contains("\"name\":\"echo\"", "\"status\":\"connected\"");
        List<RecordedRequest> requests = MODEL.awaitMessageRequests(3, Duration.ofSeconds(30));
        assertThat(requests.getFirst().body()).as("CLAUDE.md reaches the model").contains(MEMORY);
        assertThat(requests.getLast().body()).as("the MCP server got the secret's value, not the placeholder")
                .contains("ahoy token-sha256=" + sha256(SECRET));
        String env = Files.readString(workspace(userOf(alice), sessionId).resolve("env.txt"));
        assertThat(env).as("the agent's environment").contains("HOME=").doesNotContain(SECRET);
    }

    private JsonNode initLine(String sessionId) {
        for (JsonNode message : alice.get("/api/v1/sessions/" + sessionId + "/messages").ok()) {
            JsonNode content = message.path("content");
            if (content.path("subtype").asString("").equals("init")) {
                return content.path("data");
            }
        }
        throw new AssertionError("no system/init message in session " + sessionId);
    }

    private static String script() throws IOException {
        try (InputStream in = CapabilitiesTest.class.getResourceAsStream("/e2e/echo-mcp-server.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
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

    private static String sha256(String text) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
