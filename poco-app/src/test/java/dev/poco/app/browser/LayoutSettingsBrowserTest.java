package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Issue 16 in a real browser: the session page's chat/panel split drags and keeps its width across a reload, Ctrl+L
 * hides and brings back the panel, the panel maximizes and restores; Ctrl+, opens the settings dialog; an answered
 * question stays in the history with its answer. Writes the README's screenshots (home, chat on desktop and phone,
 * the computer panel, each settings tab; light and dark) to target/screenshots.
 */
class LayoutSettingsBrowserTest extends ChromiumTest {

    private static final List<String> THEMES = List.of("light", "dark");
    private static final Map<String, Object> COLOR_QUESTION = Map.of("questions", List.of(Map.of(
            "question", "Which color should the button be?", "header", "Color", "multiSelect", false,
            "options", List.of(Map.of("label", "Red", "description", "Warm and loud"),
                    Map.of("label", "Blue", "description", "Calm, matches the logo")))));

    @Test
    void theSplitDragsKeepsItsWidthAcrossAReloadHidesWithCtrlLAndMaximizes() {
        MODEL.enqueue(Reply.bash("printf 'hello\\n' > out.txt && ls -l", "Write out.txt"), Reply.text("Wrote out.txt."));
        String sessionId = finished("Write out.txt");
        chromium.viewport(1440, 900);
        chromium.open(base + "/s/" + sessionId);
        chromium.visible(testId("run-status", "status", "completed"));
        chromium.click(testId("computer-toggle"));
        chromium.visible(testId("computer-panel"));
        int before = chromium.visible(testId("side-panel")).getRect().getWidth();

        WebElement handle = chromium.visible(testId("split-handle"));
        new Actions(chromium.driver()).clickAndHold(handle).moveByOffset(-100, 0).moveByOffset(-100, 0).release().perform();
        int dragged = chromium.until(d -> {
            int w = d.findElement(testId("side-panel")).getRect().getWidth();
            return w >= before + 150 ? w : null;
        });

        chromium.driver().navigate().refresh();
        chromium.visible(testId("run-status", "status", "completed"));
        if (!chromium.present(testId("computer-panel"))) {
            chromium.click(testId("computer-toggle"));
        }
        chromium.visible(testId("computer-panel"));
        int reloaded = chromium.visible(testId("side-panel")).getRect().getWidth();
        assertThat(reloaded).as("the dragged width survives a reload").isBetween(dragged - 4, dragged + 4);

        ctrl("l");
        chromium.until(ExpectedConditions.invisibilityOfElementLocated(testId("side-panel")));
        int split = chromium.visible(testId("session-split")).getRect().getWidth();
        assertThat(chromium.visible(By.cssSelector(".chat-col")).getRect().getWidth()).isBetween(split - 4, split);
        ctrl("l");
        chromium.visible(testId("computer-panel"));

        chromium.click(testId("side-maximize"));
        chromium.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".chat-col")));
        assertThat(chromium.visible(testId("side-panel")).getRect().getWidth()).isBetween(split - 4, split);
        chromium.click(testId("side-maximize"));
        chromium.visible(By.cssSelector(".chat-col"));
        assertThat(chromium.visible(testId("side-panel")).getRect().getWidth()).isBetween(dragged - 4, dragged + 4);

        for (String theme : THEMES) {
            chromium.colorScheme(theme);
            chromium.screenshot("computer-panel-" + theme);
        }
        chromium.colorScheme(null);
        chromium.desktop();
    }

    @Test
    void ctrlCommaOpensTheSettingsWhoseTabsShowTheModelKeyOnlyAsConfigured() {
        chromium.viewport(1440, 900);
        for (String theme : THEMES) {
            chromium.colorScheme(theme);
            chromium.open(base + "/");
            chromium.visible(testId("composer-input"));
            chromium.screenshot("home-" + theme);
            ctrl(",");
            WebElement dialog = chromium.visible(testId("settings-dialog"));
            for (String tab : List.of("account", "models", "usage", "shortcuts", "language", "theme")) {
                chromium.click(testId("settings-tab-" + tab));
                chromium.visible(testId("settings-panel-" + tab));
                if (tab.equals("models")) {
                    WebElement key = chromium.visible(By.cssSelector("[data-testid='settings-model-key'] [data-configured]"));
                    assertThat(key.getDomAttribute("data-configured")).isEqualTo("true");
                    assertThat(dialog.getText()).contains("Configured").doesNotContain("sk-ant");
                }
                if (tab.equals("shortcuts")) {
                    assertThat(dialog.getText()).contains("Ctrl+L").contains("Ctrl+,").contains("Ctrl+K");
                }
                chromium.screenshot("settings-" + tab + "-" + theme);
            }
            new Actions(chromium.driver()).sendKeys(Keys.ESCAPE).perform();
            chromium.until(ExpectedConditions.invisibilityOfElementLocated(testId("settings-dialog")));
        }
        // … and from the sidebar's settings menu.
        chromium.click(testId("settings-menu"));
        chromium.click(testId("settings-open"));
        chromium.visible(testId("settings-dialog"));
        chromium.colorScheme(null);
        chromium.desktop();
    }

    @Test
    void anAnsweredQuestionStaysInTheHistoryWithItsAnswer() {
        MODEL.enqueue(Reply.toolUse("AskUserQuestion", COLOR_QUESTION), Reply.text("Blue it is."));
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", "Make a button")).ok().path("session_id").asString();
        chromium.open(base + "/s/" + sessionId);
        // the question expires after 8 s in this context: answer promptly
        WebElement card = chromium.visible(testId("question-card"));
        card.findElements(testId("question-option")).stream()
                .filter(option -> option.getText().contains("Blue"))
                .findFirst().orElseThrow()
                .click();
        chromium.click(testId("question-submit"));
        chromium.visible(testId("run-status", "status", "completed"));
        assertThat(answer()).isEqualTo("Blue");

        chromium.driver().navigate().refresh();
        chromium.visible(testId("run-status", "status", "completed"));
        assertThat(answer()).as("after a reload too").isEqualTo("Blue");

        for (String theme : THEMES) {
            chromium.colorScheme(theme);
            chromium.viewport(1440, 900);
            chromium.visible(testId("message-assistant"));
            chromium.screenshot("chat-desktop-" + theme);
            chromium.phone(390, 844);
            chromium.visible(testId("message-assistant"));
            chromium.screenshot("chat-phone-" + theme);
        }
        chromium.colorScheme(null);
        chromium.desktop();
    }

    private String answer() {
        WebElement tool = chromium.visible(testId("tool-card", "tool-name", "AskUserQuestion"));
        return chromium.visible(tool, testId("tool-answer")).getText();
    }

    private void ctrl(String key) {
        new Actions(chromium.driver()).keyDown(Keys.CONTROL).sendKeys(key).keyUp(Keys.CONTROL).perform();
    }

    private String finished(String prompt) {
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", prompt)).ok().path("session_id").asString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()));
        return sessionId;
    }
}
