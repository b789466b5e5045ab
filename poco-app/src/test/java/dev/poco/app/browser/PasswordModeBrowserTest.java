package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.app.PocoApplication;
import dev.poco.app.ServerModelCalls;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.db.TestDatabase;
import dev.poco.testkit.http.Api;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 17 in a real browser, with the whole product in {@code POCO_AUTH_MODE=password} on a database of its own:
 * first-run setup, a task run end to end by the sandboxed CLI against the fake model, signing out, and a session
 * ended elsewhere sending the open page back to sign-in ("You were signed out") instead of retrying.
 */
@SpringBootTest(classes = PocoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PasswordModeBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final FakeAnthropicServer MODEL = new FakeAnthropicServer().start();
    private static final Path HOME = tempDir();
    private static final String PASSWORD = "a long admin password";

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String db = TestDatabase.freshDatabase("poco_password_browser");
        registry.add("poco.database.url", () -> db);
        registry.add("poco.home", HOME::toString);
        registry.add("poco.auth.mode", () -> "password");
        registry.add("poco.model.base-url", MODEL::baseUrl);
        registry.add("poco.model.api-key", () -> "sk-ant-password-mode-test");
        registry.add("poco.runner.max-concurrent-runs", () -> "1");
        // the streams look at their sign-in again between events: soon, so that the test need not wait 15 s
        registry.add("poco.stream.heartbeat-seconds", () -> "1");
    }

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.start(WAIT);
    }

    @AfterAll
    static void quitBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    @Test
    void setUpSignInRunATaskSignOutAndGetSentBackToSignInWhenTheSessionEndsElsewhere() {
        ServerModelCalls.answerAside(MODEL.reset());
        String base = "http://127.0.0.1:" + port;
        chromium.desktop();
        chromium.open(base + "/");
        chromium.clearStorage();

        // first run: no user yet, so the setup page, whatever the URL
        chromium.visible(testId("setup-page"));
        chromium.visible(testId("setup-username")).sendKeys("boss");
        chromium.visible(testId("setup-display-name")).sendKeys("The Boss");
        chromium.visible(testId("setup-password")).sendKeys(PASSWORD);
        chromium.visible(testId("setup-password-again")).sendKeys(PASSWORD);
        chromium.screenshot("accounts-01-setup");
        chromium.click(testId("setup-submit"));

        // signed in: the app, with the admin's entries in the sidebar
        MODEL.enqueue(Reply.text("Signed-in answer from the model."));
        WebElement input = chromium.visible(testId("composer-input"));
        chromium.visible(testId("nav-admin"));
        assertThat(chromium.visible(testId("nav-account")).getText()).contains("The Boss");
        input.sendKeys("Say something while signed in");
        input.sendKeys(Keys.ENTER);
        chromium.visible(testId("run-status", "status", "completed"));
        assertThat(chromium.visible(testId("message-assistant")).getText()).contains("Signed-in answer from the model.");
        String sessionId = chromium.visible(testId("session-view")).getDomAttribute("data-session-id");
        chromium.screenshot("accounts-02-task-done");

        // sign out from the account page: the sign-in page says so
        chromium.click(testId("nav-account"));
        chromium.visible(testId("account-page"));
        chromium.click(testId("account-sign-out"));
        chromium.visible(testId("signin-page"));
        assertThat(chromium.visible(testId("signed-out-notice")).getText()).isEqualTo("You signed out.");
        chromium.screenshot("accounts-03-signed-out");

        // a wrong password is explained; the right one signs in again
        chromium.visible(testId("signin-username")).sendKeys("boss");
        chromium.visible(testId("signin-password")).sendKeys("not the password");
        chromium.click(testId("signin-submit"));
        assertThat(chromium.visible(testId("signin-error")).getText()).isEqualTo("Wrong user name or password");
        WebElement password = chromium.visible(testId("signin-password"));
        password.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        password.sendKeys(PASSWORD);
        chromium.click(testId("signin-submit"));
        chromium.visible(testId("composer-input"));

        // the session's page is open, following its event stream, when every sign-in of the user ends elsewhere: the
        // server ends the stream, its reconnect gets 401, and the page asks to sign in again by itself (no retry loop)
        chromium.click(testId("session-item", "session-id", sessionId));
        assertThat(chromium.visible(testId("session-view")).getDomAttribute("data-session-id")).isEqualTo(sessionId);
        signOutEverywhereElsewhere(base);
        chromium.visible(testId("signin-page"));
        assertThat(chromium.visible(testId("signed-out-notice")).getText())
                .isEqualTo("You were signed out — sign in again.");
        chromium.screenshot("accounts-04-stream-signed-out");
        signIn();

        // every session of the user ends elsewhere: the page's next request gets 401 and it asks to sign in again
        signOutEverywhereElsewhere(base);
        chromium.click(testId("nav-memories"));
        chromium.visible(testId("signin-page"));
        assertThat(chromium.visible(testId("signed-out-notice")).getText())
                .isEqualTo("You were signed out — sign in again.");
        chromium.screenshot("accounts-05-session-ended");

        List<LogEntry> severe = chromium.drainConsole().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> e.getMessage().startsWith(base))
                // the 401s that tell the page it is signed out, and the wrong password, are expected
                .filter(e -> !e.getMessage().contains("401"))
                .toList();
        assertThat(severe).extracting(LogEntry::getMessage).isEmpty();
    }

    private static void signIn() {
        for (String[] field : new String[][] {{"signin-username", "boss"}, {"signin-password", PASSWORD}}) {
            WebElement input = chromium.visible(testId(field[0]));
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            input.sendKeys(field[1]);
        }
        chromium.click(testId("signin-submit"));
        chromium.visible(testId("composer-input"));
    }

    /** "Sign out everywhere" from another client of the same user. */
    private static void signOutEverywhereElsewhere(String base) {
        Api api = new Api(base, Map.of());
        String cookie = api.post("/api/v1/auth/login", Map.of("username", "boss", "password", PASSWORD))
                .header("Set-Cookie");
        api.withHeader("Cookie", cookie.substring(0, cookie.indexOf(';'))).post("/api/v1/auth/logout-all", Map.of())
                .ok();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("poco-password-browser");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
