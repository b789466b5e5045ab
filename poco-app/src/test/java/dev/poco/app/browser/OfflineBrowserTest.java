package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * Issue 16, "installable, usable offline for reading already loaded sessions": the manifest and the service worker
 * are there, and a session the user has read shows again after a reload with the network gone.
 */
class OfflineBrowserTest extends ChromiumTest {

    private static final Map<String, Object> ONLINE = Map.of("offline", false, "latency", 0,
            "downloadThroughput", -1, "uploadThroughput", -1);

    @Override
    protected boolean expectedConsoleError(String message) {
        return message.contains("ERR_INTERNET_DISCONNECTED");
    }

    @Test
    void theAppIsInstallableAndASessionAlreadyReadCanBeReadAgainOffline() {
        MODEL.enqueue(Reply.text("Offline, this stays readable."));
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", "Say something worth keeping")).ok()
                .path("session_id").asString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()));
        chromium.open(base + "/s/" + sessionId);
        assertThat(chromium.visible(testId("message-assistant")).getText()).contains("Offline, this stays readable.");

        JavascriptExecutor js = (JavascriptExecutor) chromium.driver();
        Object manifest = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const link = document.querySelector('link[rel=manifest]');
                fetch(link.href).then(r => r.json())
                    .then(m => done(m.name + ' ' + m.display + ' ' + m.icons.map(i => i.sizes).join(',')));""");
        assertThat(manifest).isEqualTo("Poco standalone 192x192,512x512,512x512,any");
        Object worker = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                navigator.serviceWorker.ready.then(r => done(r.active.scriptURL));""");
        assertThat(String.valueOf(worker)).endsWith("/sw.js");
        chromium.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                "return navigator.serviceWorker.controller !== null"));

        ChromiumDriver driver = (ChromiumDriver) chromium.driver();
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        try {
            driver.navigate().refresh();
            chromium.visible(testId("connection-banner"));
            assertThat(chromium.visible(testId("message-assistant")).getText())
                    .contains("Offline, this stays readable.");
            chromium.screenshot("offline-session");
        } finally {
            driver.executeCdpCommand("Network.emulateNetworkConditions", ONLINE);
        }
    }
}
