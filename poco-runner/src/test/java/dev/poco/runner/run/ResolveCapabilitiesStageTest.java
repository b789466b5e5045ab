package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.spec.Capabilities;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.capabilities.StagedCapabilities;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.live.LiveAgents;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The capabilities stage against the stand-in server's internal resolve endpoints, then the real pinned CLI in a real
 * sandbox against the fake model: what the stage staged is what Claude Code reports in its {@code system/init} line,
 * CLAUDE.md reaches the model, and a secret reaches the MCP server's definition but not the sandbox's environment.
 */
class ResolveCapabilitiesStageTest extends RealWorkspaceBase {

    private static final String SECRET = "ghp_stage-test-secret-5c1e";
    private static final String MEMORY_MARKER = "Answer like a pirate (memory 7f3a).";
    private static final String API = "/api/v1/internal";

    private FakeAnthropicServer model;

    @BeforeEach
    void startModel() {
        model = new FakeAnthropicServer().start();
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    private static RunSpec spec(String prompt) {
        return RunSpec.of(prompt).withCapabilities(new Capabilities(List.of(11), List.of(21), List.of(31), null,
                List.of(), null, List.of(), null));
    }

    /** The server's answers for a user with one of each capability; the MCP server needs {@code ECHO_TOKEN}. */
    private void serveCapabilities(Map<String, String> env) throws IOException {
        server.answers.put(API + "/env-vars/map", env);
        server.answers.put(API + "/mcp-config/resolve", Map.of("echo", Map.of("type", "stdio", "command", "node",
                "args", List.of("/workspace/tools/echo-mcp-server.js"),
                "env", Map.of("ECHO_TOKEN", "${ECHO_TOKEN}", "ECHO_MODE", "${ECHO_MODE:-quiet}"))));
        // poco's answer carries no id: the stage learns it by resolving the one requested id alone.
        server.answers.put(API + "/skill-config/resolve", Map.of("greeter", Map.of("enabled", true,
                "entry", Map.of("s3_key", "skills/user-1/greeter/v1/", "is_prefix", true))));
        server.answers.put(API + "/skills/11/package", zip(Map.of("greeter/SKILL.md",
                "---\nname: greeter\ndescription: Greets people warmly\n---\nSay hello to the user.\n")));
        server.answers.put(API + "/plugin-config/resolve", Map.of("toolbox", Map.of("id", 21, "enabled", true,
                "entry", Map.of("s3_key", "plugins/user-1/toolbox/v1/", "is_prefix", true))));
        server.answers.put(API + "/plugins/21/package", zip(Map.of(".claude-plugin/plugin.json",
                "{\"name\": \"toolbox\", \"version\": \"1.0.0\", \"description\": \"Handy tools\"}",
                "commands/sharpen.md", "---\ndescription: Sharpen the tools\n---\nSharpen them.\n")));
        server.answers.put(API + "/subagents/resolve", Map.of(
                "structured_agents", Map.of("reviewer", Map.of("description", "Reviews code carefully",
                        "prompt", "You review code.", "tools", List.of("Read"))),
                "raw_agents", Map.of("scribe", "---\nname: scribe\ndescription: Writes meeting notes\n---\n"
                        + "You write notes.\n")));
        server.answers.put(API + "/slash-commands/resolve", Map.of("deploy",
                "---\ndescription: \"Deploy the site\"\n---\n\nDeploy the site.\n"));
        server.answers.put(API + "/claude-md", Map.of("enabled", true, "content", MEMORY_MARKER));
    }

    @Test
    void stagedCapabilitiesReachClaudeCodeAndTheSecretOnlyItsMcpServer() throws Exception {
        serveCapabilities(Map.of("ECHO_TOKEN", SECRET, "UNUSED", "x"));
        server.unavailable.put(API + "/env-vars/map", 1); // a transient failure is retried
        model.enqueue(Reply.bash("env > env.txt", "list the environment"),
                Reply.toolUse("mcp__echo__echo", Map.of("text", "ahoy")), Reply.text("Done."));
        AtomicReference<String> mcpConfig = new AtomicReference<>();
        RunContext ctx = TestRuns.context(spec("Use your tools"), TestRuns.settings(scratch,
                URI.create(model.baseUrl()), new ClaudeCliLocator().locate()), server);

        new RunPipeline(List.of(new ReportStage(), new PrepareWorkspaceStage(workspaces), this::copyMcpServer,
                new ResolveCapabilitiesStage(), new StageCapabilitiesStage(), c -> mcpConfig.set(read(c.capabilities().mcpConfigFile())),
                new StartGatewayStage(driver), new StartSandboxStage(driver), new DriveCliStage(workspaces, LiveAgents.off())))
                .execute(ctx);

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.error()).isNull());
        JsonNode init = server.callbacks().stream().map(c -> c.path("new_message"))
                .filter(m -> m.path("subtype").asString("").equals("init")).findFirst().orElseThrow().path("data");
        assertThat(names(init.path("skills"))).contains("greeter");
        assertThat(names(init.path("slash_commands"))).contains("deploy");
        assertThat(names(init.path("agents"))).contains("reviewer", "scribe");
        assertThat(init.path("mcp_servers").toString()).contains("\"name\":\"echo\"", "\"status\":\"connected\"");
        assertThat(init.path("plugins").toString()).contains("toolbox");
        RecordedRequest first = model.messageRequests().getFirst();
        assertThat(first.body()).as("CLAUDE.md reaches the model").contains(MEMORY_MARKER);
        assertThat(first.toolNames()).contains("mcp__echo__echo");
        assertThat(model.messageRequests().getLast().body()).contains("ahoy token-set=true");

        assertThat(mcpConfig.get()).as("the MCP config file holds the substituted secret")
                .contains("\"ECHO_TOKEN\":\"" + SECRET + "\"", "\"ECHO_MODE\":\"quiet\"");
        String sandboxEnv = Files.readString(ctx.workspace().workspace().resolve("env.txt"));
        assertThat(sandboxEnv).contains("HOME=").doesNotContain(SECRET).doesNotContain("ECHO_TOKEN");
        assertThat(Files.exists(ctx.capabilities().mcpConfigFile(), LinkOption.NOFOLLOW_LINKS))
                .as("the private MCP config is deleted when the run is over").isFalse();

        assertThat(server.requests(API + "/skill-config/resolve")).extracting(StandInServer.Request::userId)
                .containsOnly("user-1");
        assertThat(ctx.spec().capabilities().resolved()).satisfies(resolved -> {
            assertThat(resolved).isNotNull();
            assertThat(resolved.skills()).containsExactly("greeter");
            assertThat(resolved.plugins()).containsExactly("toolbox");
            assertThat(resolved.mcpServers()).containsExactly("echo");
            assertThat(resolved.subagents()).containsExactly("reviewer", "scribe");
            assertThat(resolved.fingerprint()).hasSize(64).doesNotContain(SECRET);
        });
        assertThat(ctx.spec().capabilities().envVarNames()).containsExactly("ECHO_TOKEN", "UNUSED");
        assertThat(ctx.spec().capabilities().claudeMd()).isEqualTo(MEMORY_MARKER);
    }

    @Test
    void aMissingSecretFailsTheRunNamingItAndWhereItIsUsed() throws Exception {
        serveCapabilities(Map.of());

        RunContext ctx = prepared(spec("hi"));
        new RunPipeline(List.of(new ReportStage(), new ResolveCapabilitiesStage(), new StageCapabilitiesStage()))
                .execute(ctx);

        String expected = "MCP server 'echo' needs the secret ECHO_TOKEN: add it under Settings → Secrets";
        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.NotStarted.class,
                failed -> assertThat(failed.error()).isEqualTo(expected));
        assertThat(server.requests("/fail")).singleElement()
                .satisfies(r -> assertThat(r.body().path("error_message").asString()).isEqualTo(expected));
    }

    @Test
    void aPackageTheServerCannotServeFailsTheRunNamingIt() throws Exception {
        serveCapabilities(Map.of("ECHO_TOKEN", SECRET));
        server.answers.remove(API + "/skills/11/package");

        RunContext ctx = prepared(spec("hi"));
        new RunPipeline(List.of(new ReportStage(), new ResolveCapabilitiesStage(), new StageCapabilitiesStage()))
                .execute(ctx);

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.NotStarted.class, failed -> assertThat(
                failed.error()).startsWith("Could not stage the skill 'greeter': ").contains("HTTP 404"));
        assertThat(ctx.workspace().claudeData().resolve("skills/greeter")).doesNotExist();
    }

    @Test
    void aServerWithoutTheCapabilityEndpointsStagesNothingAndTheRunGoesOn() throws Exception {
        RunContext ctx = prepared(RunSpec.of("hi")); // an older Poco: every capability path answers 404

        new ResolveCapabilitiesStage().run(ctx);
        new StageCapabilitiesStage().run(ctx);

        assertThat(ctx.outcome()).isEqualTo(RunOutcome.UNDECIDED);
        assertThat(ctx.capabilities().mcpConfigFile()).isNull();
        assertThat(ctx.capabilities().summary().skills()).isEmpty();
        assertThat(server.requests(API + "/env-vars/map")).hasSize(1);
    }

    @Test
    void theRunSetupInOneCallResolvesAsTheSeparateCallsDo() throws Exception {
        serveCapabilities(Map.of("ECHO_TOKEN", SECRET));
        StagedCapabilities separately = stageOnly();
        server.requests.clear();
        Map<String, Object> setup = new HashMap<>();
        setup.put("env_vars", Map.of("ECHO_TOKEN", SECRET));
        setup.put("mcp_config", server.answers.get(API + "/mcp-config/resolve"));
        setup.put("skill_config", Map.of("greeter", Map.of("id", 11, "enabled", true,
                "entry", Map.of("s3_key", "skills/user-1/greeter/v1/", "is_prefix", true))));
        setup.put("plugin_config", server.answers.get(API + "/plugin-config/resolve"));
        setup.put("subagents", server.answers.get(API + "/subagents/resolve"));
        setup.put("slash_commands", null); // skills were asked for: the runner adds their aliases itself
        setup.put("claude_md", server.answers.get(API + "/claude-md"));
        setup.put("permission_rules", Map.of("allow", List.of(), "ask", List.of(), "deny", List.of("Bash(rm:*)")));
        server.answers.put(API + "/run-setup", setup);
        server.permissionRules = null; // the rules come with the setup or not at all

        RunContext ctx = prepared(spec("hi"));
        new PermissionRulesStage().run(ctx);
        StagedCapabilities together = stageOnly();

        assertThat(ctx.permissionRules().deny()).containsExactly("Bash(rm:*)");
        assertThat(together.summary()).isEqualTo(separately.summary());
        assertThat(server.requests(API + "/run-setup")).extracting(StandInServer.Request::userId)
                .containsOnly("user-1");
        for (String separate : List.of("/env-vars/map", "/mcp-config/resolve", "/skill-config/resolve",
                "/plugin-config/resolve", "/subagents/resolve", "/claude-md")) {
            assertThat(server.requests(API + separate)).as(separate).isEmpty();
        }
        assertThat(server.requests(API + "/slash-commands/resolve")).hasSize(1);
    }

    @Test
    void theSameConfigurationGivesTheSameFingerprintAndAnotherSecretAnother() throws Exception {
        serveCapabilities(Map.of("ECHO_TOKEN", SECRET));
        String first = stageOnly().summary().fingerprint();
        String again = stageOnly().summary().fingerprint();
        serveCapabilities(Map.of("ECHO_TOKEN", SECRET + "-rotated"));
        String rotated = stageOnly().summary().fingerprint();

        assertThat(again).isEqualTo(first);
        assertThat(rotated).isNotEqualTo(first);
    }

    @Test
    void stagingReplacesWhatTheAgentLeftInClaudeDataWithoutFollowingItsLinks() throws Exception {
        serveCapabilities(Map.of("ECHO_TOKEN", SECRET));
        RunContext ctx = prepared(spec("hi"));
        Path claudeData = ctx.workspace().claudeData();
        Path outside = Files.createDirectories(scratch.resolve("outside"));
        Files.writeString(outside.resolve("keep.md"), "not the runner's to delete");
        Files.createSymbolicLink(claudeData.resolve("commands"), outside);
        Files.createDirectories(claudeData.resolve("skills/stale"));
        Files.createDirectories(claudeData.resolve("agents"));
        Files.writeString(claudeData.resolve("agents/old.md"), "old");

        new ResolveCapabilitiesStage().run(ctx);
        new StageCapabilitiesStage().run(ctx);

        assertThat(outside.resolve("keep.md")).hasContent("not the runner's to delete");
        assertThat(claudeData.resolve("commands")).isDirectory().isNotEqualTo(outside);
        assertThat(Files.isSymbolicLink(claudeData.resolve("commands"))).isFalse();
        assertThat(claudeData.resolve("commands/deploy.md")).hasContent("---\ndescription: \"Deploy the site\"\n---"
                + "\n\nDeploy the site.\n");
        assertThat(claudeData.resolve("skills/greeter/SKILL.md")).exists();
        assertThat(claudeData.resolve("skills/stale")).doesNotExist();
        assertThat(claudeData.resolve("agents/old.md")).doesNotExist();
        assertThat(claudeData.resolve("agents/scribe.md")).exists();
        assertThat(claudeData.resolve("CLAUDE.md")).hasContent(MEMORY_MARKER + "\n");
        assertThat(ctx.capabilities().applyTo(StartSandboxStage.command(ctx.spec(), ctx.settings())).argv())
                .containsSubsequence("--mcp-config", StagedCapabilities.SANDBOX_MCP_CONFIG)
                .containsSubsequence("--plugin-dir", "/workspace/.claude_data/plugins/toolbox")
                .contains("--agents");
    }

    private StagedCapabilities stageOnly() throws InterruptedException {
        RunContext ctx = prepared(spec("hi"));
        new ResolveCapabilitiesStage().run(ctx);
        StageCapabilitiesStage stage = new StageCapabilitiesStage();
        stage.run(ctx);
        stage.finish(ctx);
        return ctx.capabilities();
    }

    /** Puts the test's MCP server where its definition points ({@code /workspace/tools/}). */
    private void copyMcpServer(RunContext ctx) {
        try (InputStream script = getClass().getResourceAsStream("/capabilities/echo-mcp-server.js")) {
            Path tools = Files.createDirectories(ctx.workspace().workspace().resolve("tools"));
            Files.write(tools.resolve("echo-mcp-server.js"), script.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of an init field, whether it lists strings or objects with a name. */
    private static List<String> names(JsonNode list) {
        return list.valueStream().map(n -> n.isString() ? n.asString() : n.path("name").asString("")).toList();
    }

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : new LinkedHashMap<>(files).entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
