package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.live.LiveAgents;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Origin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real pinned CLI in a real sandbox: the agent's Bash tool reaches the network only as the run's policy says, and
 * the runner reports every attempt, naming the tool call that made it.
 */
class StartEgressStageTest extends RealWorkspaceBase {

    private FakeAnthropicServer model;
    private Origin allowed;
    private Origin other;

    @BeforeEach
    void start() {
        model = new FakeAnthropicServer().start();
        allowed = Origin.text("allowed host says hi");
        other = Origin.text("other host");
    }

    @AfterEach
    void stop() {
        model.close();
        allowed.close();
        other.close();
    }

    private RunContext drive(RunSpec spec) {
        RunContext ctx = TestRuns.context(spec, TestRuns.settings(scratch, URI.create(model.baseUrl()),
                new ClaudeCliLocator().locate()), server);
        new RunPipeline(List.of(new ReportStage(), new PrepareWorkspaceStage(workspaces), new StartGatewayStage(driver),
                new StartEgressStage(driver), new StartSandboxStage(driver),
                new DriveCliStage(workspaces, LiveAgents.off()))).execute(ctx);
        return ctx;
    }

    private String curlBoth() {
        return "curl -sS http://127.0.0.1:" + allowed.port() + "/; echo; curl -sS -o /dev/null"
                + " -w 'other answered %{http_code}' http://127.0.0.1:" + other.port() + "/; echo";
    }

    /** The text of the tool result the CLI sent back to the model for the Bash call. */
    private String toolResult() {
        RecordedRequest second = model.messageRequests().get(1);
        JsonNode messages = second.json().path("messages");
        for (JsonNode message : messages) {
            for (JsonNode block : message.path("content")) {
                if (block.path("type").asString("").equals("tool_result")) {
                    return block.path("content").toString();
                }
            }
        }
        throw new AssertionError("no tool_result in " + messages);
    }

    @Test
    void withAnAllowlistTheAgentReachesTheAllowedHostOnlyAndEachAttemptIsReported() {
        model.enqueue(Reply.bash(curlBoth(), "fetch two hosts"), Reply.text("Fetched"));
        RunSpec spec = RunSpec.of("Fetch").withNetwork(new NetworkPolicy.Allowlist(List.of("pypi.org",
                "127.0.0.1:" + allowed.port())));

        RunContext ctx = drive(spec);

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED));
        assertThat(toolResult()).contains("allowed host says hi").contains("other answered 403");
        await().until(() -> server.networkEvents().size() == 2);
        List<JsonNode> events = server.networkEvents();
        assertThat(events).extracting(e -> e.path("allowed").asBoolean()).containsExactly(true, false);
        assertThat(events.get(1).path("reason").asString())
                .isEqualTo("127.0.0.1:" + other.port() + " is not in the run's allowlist");
        String toolUseId = model.messageRequests().get(1).json().path("messages").toString()
                .replaceAll(".*\"tool_use_id\":\"([^\"]+)\".*", "$1");
        assertThat(events).allSatisfy(e -> assertThat(e.path("tool_use_id").asString()).isEqualTo(toolUseId));
        assertThat(server.requests("/network-events")).allSatisfy(r ->
                assertThat(r.path()).isEqualTo("/api/v1/internal/runs/" + ctx.runId() + "/network-events"));
    }

    @Test
    void withPolicyNoneTheAgentsCurlFailsAndNothingIsReported() {
        model.enqueue(Reply.bash(curlBoth() + "; env | grep -ci proxy", "fetch two hosts"), Reply.text("No luck"));

        RunContext ctx = drive(RunSpec.of("Fetch"));

        assertThat(ctx.outcome()).isInstanceOf(RunOutcome.Finished.class);
        assertThat(toolResult()).doesNotContain("allowed host says hi").contains("Failed to connect")
                .contains("other answered 000");
        assertThat(ctx.egressOrNull()).isNull();
        assertThat(server.requests("/network-events")).isEmpty();
    }

    /**
     * WebFetch goes out through the gate, to the page's host only: its preflight to api.anthropic.com (is this domain
     * safe?) is off, since the gate decides. The origin here closes every connection at once (WebFetch upgrades to
     * TLS, which a local test origin does not speak), so the fetch fails fast; what matters is where it went.
     */
    @Test
    void webFetchGoesThroughTheGateWithoutAPreflightToAnthropic() throws Exception {
        try (ServerSocket closing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                while (!closing.isClosed()) {
                    try {
                        closing.accept().close();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            int port = closing.getLocalPort();
            model.enqueue(Reply.toolUse("WebFetch", Map.of("url", "http://127.0.0.1:" + port + "/page", "prompt",
                    "What does the page say?")), Reply.text("The fetch failed"));
            RunSpec spec = RunSpec.of("Fetch").withNetwork(new NetworkPolicy.Allowlist(List.of("127.0.0.1:" + port)));

            RunContext ctx = drive(spec);

            assertThat(ctx.outcome()).isInstanceOf(RunOutcome.Finished.class);
            await().until(() -> !server.networkEvents().isEmpty());
            assertThat(server.networkEvents()).allSatisfy(event -> {
                assertThat(event.path("host").asString()).isEqualTo("127.0.0.1");
                assertThat(event.path("port").asInt()).isEqualTo(port);
                assertThat(event.path("allowed").asBoolean()).isTrue();
            });
        }
    }

    @Test
    void webFetchIsOfferedOnlyWhenTheRunHasNetwork() {
        assertThat(StartSandboxStage.command(RunSpec.of("x"), TestRuns.settings(scratch, null, null)).argv())
                .containsSequence("--disallowedTools", "WebFetch,WebSearch");
        assertThat(StartSandboxStage.command(RunSpec.of("x").withNetwork(new NetworkPolicy.Open()),
                TestRuns.settings(scratch, null, null)).argv()).doesNotContain("--disallowedTools");
    }
}
