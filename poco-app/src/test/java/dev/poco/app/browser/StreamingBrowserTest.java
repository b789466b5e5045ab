package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Issue 16 in a real browser: a slowly streamed answer shows up word by word while the run still works (partial
 * Markdown with a typing cursor), and once it completes the stored message stands in its place, shown once.
 */
class StreamingBrowserTest extends ChromiumTest {

    private static final Set<String> ACTIVE = Set.of("pending", "queued", "claimed", "running");
    private static final String ANSWER = "Here is the **answer**, written word by word so that you can watch it grow "
            + "in place while the model is still at work on the rest of it.";

    @Test
    void aSlowAnswerGrowsInPlaceBeforeTheRunCompletesAndIsThenShownOnce() {
        MODEL.enqueue(Reply.text(ANSWER).delayBetweenEvents(Duration.ofMillis(200)));
        WebElement input = chromium.visible(testId("composer-input"));
        input.sendKeys("Answer slowly");
        input.sendKeys(Keys.ENTER);

        // Some words are shown while the run is still going …
        String first = chromium.until(d -> {
            List<WebElement> partial = d.findElements(testId("message-partial"));
            String text = partial.isEmpty() ? "" : partial.getFirst().getText();
            return text.split("\\s+").length >= 3 ? text : null;
        });
        assertThat(runStatus()).as("partial text shows before the run ends").isIn(ACTIVE);
        assertThat(plain(ANSWER)).startsWith(first.strip());
        Object cursor = ((org.openqa.selenium.JavascriptExecutor) chromium.driver()).executeScript(
                "const p = document.querySelector(\"[data-testid='message-partial'] .typing-cursor > :last-child\");"
                        + " return p ? getComputedStyle(p, '::after').content : null;");
        assertThat(cursor).as("a typing cursor after the last word").isEqualTo("\"\"");
        chromium.screenshot("streaming-partial");
        // … and it grows in place.
        String later = chromium.until(d -> {
            List<WebElement> partial = d.findElements(testId("message-partial"));
            String text = partial.isEmpty() ? null : partial.getFirst().getText();
            return text != null && text.length() > first.length() ? text : null;
        });
        assertThat(plain(ANSWER)).startsWith(later.strip());
        assertThat(chromium.driver().findElements(testId("message-partial"))).as("one growing block").hasSize(1);

        chromium.visible(testId("run-status", "status", "completed"));
        chromium.until(d -> d.findElements(testId("message-partial")).isEmpty());
        List<WebElement> answers = chromium.driver().findElements(testId("message-assistant")).stream()
                .filter(e -> e.getText().contains("written word by word")).toList();
        assertThat(answers).as("the stored answer, once").hasSize(1);
        assertThat(answers.getFirst().getText()).isEqualTo(plain(ANSWER));
        assertThat(answers.getFirst().findElement(By.tagName("strong")).getText()).isEqualTo("answer");
    }

    private static String plain(String markdown) {
        return markdown.replace("**", "");
    }

    private String runStatus() {
        return chromium.driver().findElement(testId("run-status")).getDomAttribute("data-status");
    }
}
