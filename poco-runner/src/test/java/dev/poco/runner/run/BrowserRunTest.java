package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.Browser;
import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.browser.BrowserTools;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.live.LiveAgents;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Origin;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's browser (issue 13, part 3): Playwright MCP and the host's Chromium inside the real sandbox, driven by the
 * real CLI, its page loads going out through the run's egress gate, and its screenshot coming back to the model.
 */
class BrowserRunTest extends RealWorkspaceBase {

    private static final String NAVIGATE = "mcp__" + BrowserTools.SERVER + "__browser_navigate";
    private static final String SCREENSHOT = "mcp__" + BrowserTools.SERVER + "__browser_take_screenshot";

    private FakeAnthropicServer model;
    private Origin origin;

    @BeforeEach
    void start() throws Exception {
        model = new FakeAnthropicServer().start();
        // Chromium sends loopback requests past its proxy (in a sandbox they reach the sandbox's own servers), so the
        // page is served on the host's network address and reached through the gate.
        Optional<InetAddress> address = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> isUp(i)).flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        assumeThat(address).as("a non-loopback IPv4 address on this host").isPresent();
        origin = Origin.text("not the page", address.orElseThrow());
        origin.server().createContext("/page", exchange -> {
            byte[] page = "<html><head><title>Poco browser page</title></head><body><h1>Hello from the origin</h1>"
                    .concat("</body></html>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp() && !i.isLoopback();
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    @AfterEach
    void stop() {
        model.close();
        if (origin != null) {
            origin.close();
        }
    }

    @Test
    void theAgentBrowsesAnAllowedPageThroughTheGateAndSeesItsScreenshot() {
        String url = "http://" + origin.hostPort() + "/page";
        model.enqueue(Reply.toolUse(NAVIGATE, Map.of("url", url)), Reply.toolUse(SCREENSHOT, Map.of()),
                Reply.text("I saw the page."));
        RunSpec spec = RunSpec.of("Look at the page").withNetwork(new NetworkPolicy.Allowlist(List.of(
                origin.hostPort()))).withBrowser(new Browser(true));
        RunContext ctx = TestRuns.context(spec, TestRuns.settings(scratch, URI.create(model.baseUrl()),
                new ClaudeCliLocator().locate()).withBrowser(new ClaudeCliLocator().runtimeDirectory(), null), server);

        new RunPipeline(List.of(new ReportStage(), new PrepareWorkspaceStage(workspaces), new StartGatewayStage(driver),
                new StartEgressStage(driver), new StartSandboxStage(driver),
                new DriveCliStage(workspaces, LiveAgents.off()))).execute(ctx);

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED));
        List<RecordedRequest> requests = model.messageRequests();
        assertThat(requests).hasSize(3);
        List<String> tools = new java.util.ArrayList<>();
        requests.getFirst().json().path("tools").forEach(tool -> tools.add(tool.path("name").asString("")));
        assertThat(tools).contains(NAVIGATE, SCREENSHOT);
        assertThat(requests.get(1).json().path("messages").toString()).contains("Poco browser page");
        String screenshotResult = requests.get(2).json().path("messages").toString();
        assertThat(screenshotResult).contains("\"type\":\"image\"").contains("image/png");
        String screenshotId = requests.get(2).toolResultIds().getLast();
        String upload = "/api/v1/internal/sessions/" + ctx.sessionId() + "/computer/browser/" + screenshotId;
        assertThat(server.binaries).as("the screenshot went to the server, keyed by its tool call")
                .hasEntrySatisfying(upload, png -> assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        await().until(() -> !server.networkEvents().isEmpty());
        assertThat(server.networkEvents()).anySatisfy(event -> {
            assertThat(event.path("url").asString()).isEqualTo(url);
            assertThat(event.path("allowed").asBoolean()).isTrue();
        });
    }

    @Test
    void aRunAskingForTheBrowserWithoutItsToolsFailsSayingWhatIsMissing() {
        RunSpec spec = RunSpec.of("Look").withBrowser(new Browser(true));
        RunContext ctx = TestRuns.context(spec, TestRuns.settings(scratch, URI.create(model.baseUrl()),
                new ClaudeCliLocator().locate()).withBrowser(scratch.resolve("no-runtime"), null), server);

        new RunPipeline(List.of(new ReportStage(), new PrepareWorkspaceStage(workspaces), new StartGatewayStage(driver),
                new StartSandboxStage(driver), new DriveCliStage(workspaces, LiveAgents.off()))).execute(ctx);

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class, done -> {
            assertThat(done.status()).isEqualTo(CallbackStatus.FAILED);
            assertThat(done.error()).contains("@playwright/mcp").contains("./poco install-cli");
        });
    }
}
