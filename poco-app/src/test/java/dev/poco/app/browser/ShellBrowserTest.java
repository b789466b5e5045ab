package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.Reply;
import dev.poco.testkit.http.Api;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 16's shell in a real browser against the whole product: tasks dragged onto a project, a multi-selection
 * deleted behind one confirmation, the command palette's actions, and the first-run welcome.
 *
 * <p>Chromium's driver cannot perform an HTML5 drag with WebDriver actions (the native drag loop never starts in
 * headless mode), so the drag is dispatched in the page as the browser would: {@code dragstart} on the task,
 * {@code dragover} and {@code drop} on the project, sharing one real {@code DataTransfer}; React's handlers, the
 * requests and the re-render are the app's own.
 */
class ShellBrowserTest extends ChromiumTest {

    private static final String DRAG = """
            const [source, target] = arguments;
            const data = new DataTransfer();
            const fire = (el, type) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));
            fire(source, 'dragstart');
            fire(target, 'dragenter');
            const accepted = !fire(target, 'dragover');
            fire(target, 'drop');
            fire(source, 'dragend');
            return accepted;
            """;

    @Test
    void aTaskDraggedOntoAProjectMovesIntoIt() {
        String sessionId = finished("Sort the inbox");
        String projectId = user.post("/api/v1/projects", Map.of("name", "Drop zone " + suffix())).ok()
                .path("project_id").asString();
        chromium.open(base + "/");
        WebElement task = chromium.visible(sessionItem(sessionId));
        WebElement project = chromium.visible(By.cssSelector(
                "[data-testid='project-item'][data-project-id='" + projectId + "'] [data-testid='project-drop']"));

        Object accepted = js().executeScript(DRAG, task, project);
        assertThat(accepted).as("the project accepts the dragged task (dragover prevented)").isEqualTo(true);

        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                projectId.equals(user.get("/api/v1/sessions/" + sessionId).ok().path("project_id").asString()));
        // The project opened and lists the task.
        chromium.visible(By.cssSelector("[data-testid='project-item'][data-project-id='" + projectId + "'] "
                + "[data-testid='session-item'][data-session-id='" + sessionId + "']"));
    }

    @Test
    void aMultiSelectionIsDeletedBehindOneConfirmationThatFocusesCancel() {
        String first = finished("First of two");
        String second = finished("Second of two");
        String kept = finished("Keep this one");
        chromium.open(base + "/");
        chromium.visible(sessionItem(kept));

        new Actions(chromium.driver()).keyDown(Keys.CONTROL)
                .click(chromium.visible(link(first))).click(chromium.visible(link(second)))
                .keyUp(Keys.CONTROL).perform();
        assertThat(chromium.visible(testId("select-count")).getText()).isEqualTo("Selected: 2");
        assertThat(chromium.driver().getCurrentUrl()).as("a Ctrl-click selects, it does not open").isEqualTo(base + "/");

        chromium.click(testId("select-delete"));
        WebElement dialog = chromium.visible(testId("confirm-dialog"));
        assertThat(dialog.getText()).contains("Delete the selected tasks (2)?");
        WebElement focused = chromium.driver().switchTo().activeElement();
        assertThat(focused.getDomAttribute("data-testid")).isEqualTo("confirm-cancel");
        // Enter on the focused Cancel deletes nothing.
        focused.sendKeys(Keys.ENTER);
        chromium.until(ExpectedConditions.invisibilityOfElementLocated(testId("confirm-dialog")));
        assertThat(user.get("/api/v1/sessions/" + first).status()).isEqualTo(200);

        chromium.click(testId("select-delete"));
        chromium.visible(testId("confirm-dialog"));
        chromium.click(testId("confirm-ok"));
        chromium.until(ExpectedConditions.invisibilityOfElementLocated(sessionItem(first)));
        chromium.until(ExpectedConditions.invisibilityOfElementLocated(sessionItem(second)));
        assertThat(user.get("/api/v1/sessions/" + first).status()).isEqualTo(404);
        assertThat(user.get("/api/v1/sessions/" + second).status()).isEqualTo(404);
        chromium.visible(sessionItem(kept));
        assertThat(chromium.present(testId("select-bar"))).isFalse();
    }

    @Test
    void thePaletteTogglesTheThemeRenamesAndDeletesTheOpenTask() {
        String sessionId = finished("Palette target");
        chromium.open(base + "/s/" + sessionId);
        chromium.visible(testId("run-status", "status", "completed"));

        palette("theme");
        assertThat(chromium.visible(testId("palette-action")).getText()).contains("Switch between light and dark theme");
        chromium.visible(testId("search-input")).sendKeys(Keys.ENTER);
        String theme = chromium.until(d -> (String) js().executeScript(
                "return document.documentElement.getAttribute('data-theme')"));
        assertThat(theme).isIn("light", "dark");
        // … and back with its shortcut.
        new Actions(chromium.driver()).keyDown(Keys.CONTROL).keyDown(Keys.SHIFT).sendKeys("l")
                .keyUp(Keys.SHIFT).keyUp(Keys.CONTROL).perform();
        chromium.until(d -> !theme.equals(js().executeScript(
                "return document.documentElement.getAttribute('data-theme')")));

        String title = "Renamed " + suffix();
        palette("rename");
        chromium.visible(testId("search-input")).sendKeys(Keys.ENTER);
        WebElement rename = chromium.visible(testId("palette-rename"));
        rename.sendKeys(Keys.chord(Keys.CONTROL, "a"), title, Keys.ENTER);
        chromium.until(d -> d.findElement(sessionItem(sessionId)).getText().contains(title));
        assertThat(user.get("/api/v1/sessions/" + sessionId).ok().path("title").asString()).isEqualTo(title);

        palette("delete this");
        chromium.visible(testId("search-input")).sendKeys(Keys.ENTER);
        WebElement dialog = chromium.visible(testId("confirm-dialog"));
        assertThat(dialog.getText()).contains(title);
        assertThat(chromium.driver().switchTo().activeElement().getDomAttribute("data-testid")).isEqualTo("confirm-cancel");
        chromium.click(testId("confirm-ok"));
        chromium.until(d -> d.getCurrentUrl().equals(base + "/"));
        assertThat(user.get("/api/v1/sessions/" + sessionId).status()).isEqualTo(404);

        palette("settings");
        chromium.visible(testId("search-input")).sendKeys(Keys.ENTER);
        chromium.visible(testId("settings-dialog"));
        chromium.click(testId("settings-tab-shortcuts"));
        assertThat(chromium.visible(testId("settings-shortcuts")).getText())
                .contains("Ctrl+Shift+O").contains("Ctrl+Shift+L").contains("Ctrl+Shift+S");
    }

    @Test
    void aNewcomerIsWelcomedWithTheModelKeyCheckAndASampleTask() {
        String newcomer = "newcomer-" + suffix();
        chromium.actAs(newcomer);
        chromium.open(base + "/");
        WebElement welcome = chromium.visible(testId("onboarding"));
        assertThat(welcome.getText()).contains("Welcome to Poco");
        WebElement model = chromium.visible(testId("onboarding-model"));
        chromium.until(d -> !"unknown".equals(model.getDomAttribute("data-configured")));
        assertThat(model.getDomAttribute("data-configured")).isEqualTo("true");
        chromium.screenshot("onboarding-light");

        chromium.click(testId("onboarding-sample"));
        WebElement composer = chromium.visible(testId("composer-input"));
        assertThat(composer.getDomProperty("value")).contains("Fibonacci");
        chromium.until(ExpectedConditions.invisibilityOfElementLocated(testId("onboarding")));

        // Remembered for this user across a reload …
        chromium.driver().navigate().refresh();
        chromium.visible(testId("composer-input"));
        assertThat(chromium.present(testId("onboarding"))).isFalse();
        // … and shown again on request.
        chromium.click(testId("settings-menu"));
        chromium.click(testId("onboarding-replay"));
        chromium.visible(testId("onboarding"));
        chromium.click(testId("onboarding-dismiss"));
        chromium.until(ExpectedConditions.invisibilityOfElementLocated(testId("onboarding")));

        // A user who has tasks is not welcomed.
        Api newcomerApi = new Api(base, Map.of()).as(newcomer);
        MODEL.enqueue(Reply.text("Done."));
        String task = newcomerApi.post("/api/v1/tasks", Map.of("prompt", "First task")).ok().path("session_id").asString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(newcomerApi.get("/api/v1/sessions/" + task).ok().path("status").asString()));
        chromium.clearStorage();
        chromium.driver().navigate().refresh();
        chromium.visible(testId("session-item"));
        assertThat(chromium.present(testId("onboarding"))).isFalse();
        chromium.actAs("default");
    }

    @Test
    void aGermanBrowserGetsGermanFromTheFirstRenderWithoutEnglishFirst() {
        // Records every text the home title ever shows, from before the app's scripts run.
        ChromeDriver cdp = (ChromeDriver) chromium.driver();
        Map<String, Object> script = cdp.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.__titles = [];
                new MutationObserver(() => {
                  const h = document.querySelector('h1.home-title');
                  if (h && window.__titles[window.__titles.length - 1] !== h.textContent) window.__titles.push(h.textContent);
                }).observe(document, {subtree: true, childList: true, characterData: true});
                """));
        chromium.driver().manage().addCookie(new org.openqa.selenium.Cookie("poco_lang", "de", "/"));
        chromium.open(base + "/");
        chromium.until(d -> "de".equals(js().executeScript("return document.documentElement.lang")));
        WebElement title = chromium.visible(By.cssSelector("h1.home-title"));
        String german = title.getText();
        assertThat(german).isEqualTo("Woran arbeiten wir?");
        @SuppressWarnings("unchecked")
        java.util.List<String> seen = (java.util.List<String>) js().executeScript("return window.__titles");
        assertThat(seen).as("every title the page showed").isNotEmpty().doesNotContain("What should we work on?");
        // The German strings came as a chunk of their own, not in the first page's script.
        Object chunks = js().executeScript("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => n.includes('/assets/de-') && n.endsWith('.js')).length");
        assertThat(((Number) chunks).intValue()).isEqualTo(1);
        cdp.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script.get("identifier")));
        chromium.driver().manage().deleteAllCookies();
    }

    private void palette(String text) {
        new Actions(chromium.driver()).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        chromium.visible(testId("search-input")).sendKeys(text);
        chromium.visible(testId("palette-action"));
    }

    private JavascriptExecutor js() {
        return (JavascriptExecutor) chromium.driver();
    }

    private static By sessionItem(String sessionId) {
        return By.cssSelector("[data-testid='session-item'][data-session-id='" + sessionId + "']");
    }

    private By link(String sessionId) {
        return By.cssSelector("[data-testid='session-item'][data-session-id='" + sessionId + "'] a.session-link");
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private String finished(String prompt) {
        MODEL.enqueue(Reply.text("Done: " + prompt));
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", prompt)).ok().path("session_id").asString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()));
        return sessionId;
    }
}
