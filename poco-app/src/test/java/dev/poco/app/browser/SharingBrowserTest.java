package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 17 part 5 in a real browser, in {@code POCO_AUTH_MODE=password} on a database of its own: the owner of a
 * project shares it with a second account from the project's Share dialog; that user, signed in, finds the project
 * marked as shared in the sidebar, opens its session (run end to end by the sandboxed CLI) and reads it, with a
 * "view only" note where the composer would be.
 */
@SpringBootTest(classes = PocoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SharingBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final FakeAnthropicServer MODEL = new FakeAnthropicServer().start();
    private static final Path HOME = tempDir();
    private static final String OWNER_PASSWORD = "the owner's long password";
    private static final String READER_PASSWORD = "the reader's long password";

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String db = TestDatabase.freshDatabase("poco_sharing_browser");
        registry.add("poco.database.url", () -> db);
        registry.add("poco.home", HOME::toString);
        registry.add("poco.auth.mode", () -> "password");
        registry.add("poco.model.base-url", MODEL::baseUrl);
        registry.add("poco.model.api-key", () -> "sk-ant-sharing-test");
        registry.add("poco.runner.max-concurrent-runs", () -> "1");
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
    void theOwnerSharesAProjectAndTheViewerReadsItsSessionWithoutAComposer() {
        ServerModelCalls.answerAside(MODEL.reset());
        String base = "http://127.0.0.1:" + port;
        Api anonymous = new Api(base, Map.of());
        Api owner = cookie(anonymous, anonymous.post("/api/v1/auth/setup", Map.of("username", "olivia",
                "password", OWNER_PASSWORD, "display_name", "Olivia")).header("Set-Cookie"));
        String code = owner.post("/api/v1/admin/invites", Map.of("role", "member")).ok().path("code").asString();
        anonymous.post("/api/v1/auth/invites/" + code + "/accept", Map.of("username", "reader", "password",
                READER_PASSWORD, "display_name", "Rita Reader")).ok();

        String project = owner.post("/api/v1/projects", Map.of("name", "Team report")).ok().path("project_id")
                .asString();
        MODEL.enqueue(Reply.text("The shared report is ready."));
        String session = owner.post("/api/v1/tasks", Map.of("prompt", "Write the team report", "project_id",
                project)).ok().path("session_id").asString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(owner.get("/api/v1/sessions/" + session).ok().path("status").asString()));

        // the owner shares the project from its menu
        chromium.desktop();
        chromium.open(base + "/");
        chromium.clearStorage();
        signIn("olivia", OWNER_PASSWORD);
        By projectItem = testId("project-item", "project-id", project);
        WebElement row = chromium.visible(projectItem).findElement(By.cssSelector(".project-row"));
        new Actions(chromium.driver()).moveToElement(row).perform();
        chromium.visible(projectItem).findElement(By.cssSelector("[data-testid='project-menu']")).click();
        chromium.click(testId("project-share"));
        chromium.visible(testId("share-dialog"));
        chromium.visible(testId("share-user")).sendKeys("nobody-here");
        chromium.click(testId("share-add"));
        assertThat(chromium.visible(testId("share-error")).getText()).contains("No user \"nobody-here\"");
        chromium.visible(testId("share-user")).clear();
        chromium.visible(testId("share-user")).sendKeys("reader");
        new Select(chromium.visible(testId("share-role"))).selectByValue("viewer");
        chromium.click(testId("share-add"));
        WebElement member = chromium.visible(testId("share-member", "user", "reader"));
        assertThat(member.getText()).contains("Rita Reader");
        chromium.screenshot("sharing-01-share-dialog");
        chromium.click(testId("share-close"));
        chromium.visible(testId("project-shared"));

        chromium.click(testId("nav-account"));
        chromium.click(testId("account-sign-out"));
        chromium.visible(testId("signin-page"));

        // the viewer finds it in the sidebar, marked as shared, and reads the session
        signIn("reader", READER_PASSWORD);
        WebElement shared = chromium.visible(projectItem);
        assertThat(shared.findElement(By.cssSelector("[data-testid='project-shared-by']")).getAttribute("title"))
                .isEqualTo("Shared by Olivia");
        shared.findElement(By.cssSelector(".project-toggle")).click();
        chromium.visible(testId("session-item", "session-id", session)).findElement(By.cssSelector("a")).click();
        assertThat(chromium.visible(testId("message-assistant")).getText()).contains("The shared report is ready.");
        assertThat(chromium.visible(testId("view-only-note")).getText()).contains("You have view access");
        assertThat(chromium.present(testId("composer-input"))).as("a viewer has no composer").isFalse();
        chromium.screenshot("sharing-02-viewer");
    }

    private void signIn(String username, String password) {
        chromium.visible(testId("signin-username")).sendKeys(username);
        chromium.visible(testId("signin-password")).sendKeys(password);
        chromium.click(testId("signin-submit"));
        chromium.visible(testId("composer-input"));
    }

    private static Api cookie(Api anonymous, String setCookie) {
        return anonymous.withHeader("Cookie", setCookie.substring(0, setCookie.indexOf(';')));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("poco-sharing-browser");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
