package dev.poco.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A task with the browser, through the whole product: the agent's browser (Playwright MCP and Chromium in the
 * sandbox) renders a page, its screenshot reaches the server keyed by the tool call, and the session's owner reads it
 * from poco's computer endpoint; another user cannot.
 */
class BrowserTest extends EndToEndTest {

    private static final String TOOLS = "mcp____poco_playwright__browser_";

    @Test
    void aBrowserStepsScreenshotIsServedByTheComputerEndpoint() throws Exception {
        int before = MODEL.messageRequests().size();
        MODEL.enqueue(Reply.toolUse(TOOLS + "navigate", Map.of("url",
                        "data:text/html,<title>Poco e2e</title><h1>Rendered in the sandbox</h1>")),
                Reply.toolUse(TOOLS + "take_screenshot", Map.of()), Reply.text("Done."));
        String sessionId = task(alice, Map.of("prompt", "Look at a page", "config", Map.of("browser_enabled", true)))
                .path("session_id").asString();

        assertThat(awaitSession(alice, sessionId, "completed", "failed").path("status").asString())
                .isEqualTo("completed");
        RecordedRequest last = MODEL.awaitMessageRequests(before + 3, Duration.ofSeconds(30)).get(before + 2);
        assertThat(last.json().path("messages").toString()).contains("Poco e2e");
        String toolUseId = last.toolResultIds().getLast();

        String path = "/api/v1/sessions/" + sessionId + "/computer/browser/" + toolUseId;
        await().atMost(Duration.ofSeconds(30)).until(() -> alice.get(path).status() == 200);
        JsonNode shot = alice.get(path).ok();
        assertThat(shot.path("tool_use_id").asString()).isEqualTo(toolUseId);
        HttpResponse<byte[]> image = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + shot.path("url").asString()))
                        .header("X-User-Id", userOf(alice)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.body()).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(bob.get(path).status()).as("another user").isIn(403, 404);
        assertThat(alice.get("/api/v1/sessions/" + sessionId + "/computer/browser/toolu_never").status())
                .isEqualTo(404);
    }
}
