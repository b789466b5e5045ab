package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16's message actions in a real browser against the whole product (real server, real CLI, the fake model):
 * a prompt is edited in place and sent again, an answer is regenerated, the session is branched at its first turn
 * (the new session opens with the history up to there), and a selected piece of an answer is quoted into the
 * composer.
 */
class MessageActionsBrowserTest extends ChromiumTest {

    private static final Pattern SESSION_URL = Pattern.compile("/s/([0-9a-f-]{36})$");

    private static final String PARIS = "Paris is the capital of France.";
    private static final String ROME = "Rome is the capital of Italy.";
    private static final String TIBER = "Rome, on the Tiber, is the capital of Italy.";
    private static final String MADRID = "Madrid is the capital of Spain.";

    @Test
    void aPromptIsEditedAnAnswerRegeneratedTheSessionBranchedAndASelectionQuoted() {
        // A first question, answered.
        MODEL.enqueue(Reply.text(PARIS));
        WebElement input = chromium.visible(testId("composer-input"));
        input.sendKeys("What is the capital of France?");
        input.sendKeys(Keys.ENTER);
        String sessionId = chromium.until(d -> sessionIdIn(d.getCurrentUrl()));
        waitForAnswers(List.of(PARIS));
        assertThat(chromium.visible(testId("run-usage")).getText()).as("the run's usage under its prompt").contains("in");

        // Edit the prompt in place; Enter sends it and the new answer replaces the old.
        MODEL.enqueue(Reply.text(ROME));
        hover(chromium.visible(testId("message-user")));
        chromium.click(testId("prompt-edit"));
        WebElement editor = chromium.visible(testId("prompt-editor-input"));
        assertThat(editor.getDomProperty("value")).isEqualTo("What is the capital of France?");
        editor.sendKeys(Keys.chord(Keys.CONTROL, "a"), "What is the capital of Italy?");
        editor.sendKeys(Keys.ENTER);
        waitForAnswers(List.of(ROME));
        assertThat(prompts()).containsExactly("What is the capital of Italy?");
        RecordedRequest sent = lastModelRequest();
        assertThat(sent.lastUserPrompt()).isEqualTo("What is the capital of Italy?");
        assertThat(sent.body()).as("an edit starts a fresh thread").doesNotContain("France");
        JsonNode stored = user.get("/api/v1/sessions/" + sessionId + "/messages").ok();
        assertThat(stored.get(0).path("text_preview").asString()).isEqualTo("What is the capital of Italy?");
        chromium.screenshot("message-actions-edited");

        // Regenerate the answer.
        MODEL.enqueue(Reply.text(TIBER));
        chromium.click(testId("answer-regenerate"));
        waitForAnswers(List.of(TIBER));
        assertThat(prompts()).containsExactly("What is the capital of Italy?");

        // A second turn, which the branch below leaves out.
        MODEL.enqueue(Reply.text(MADRID));
        input = chromium.visible(testId("composer-input"));
        input.sendKeys("And of Spain?");
        input.sendKeys(Keys.ENTER);
        waitForAnswers(List.of(TIBER, MADRID));

        // Branch at the first turn: the new session opens with the history up to there.
        List<WebElement> turns = chromium.driver().findElements(testId("turn"));
        turns.getFirst().findElement(testId("answer-branch")).click();
        String branchId = chromium.until(d -> {
            String id = sessionIdIn(d.getCurrentUrl());
            return id != null && !id.equals(sessionId) ? id : null;
        });
        chromium.visible(testId("session-view", "session-id", branchId));
        chromium.until(d -> answers(d).equals(List.of(TIBER)) ? true : null);
        assertThat(prompts()).containsExactly("What is the capital of Italy?");
        chromium.visible(testId("run-status", "status", "completed"));
        chromium.visible(testId("session-item", "session-id", branchId));
        assertThat(user.get("/api/v1/sessions/" + sessionId + "/messages").ok().size())
                .as("the source keeps its whole history")
                .isGreaterThan(user.get("/api/v1/sessions/" + branchId + "/messages").ok().size());
        chromium.screenshot("message-actions-branched");

        // Select a piece of the answer with the mouse: a Quote button appears and quotes it into the composer.
        WebElement paragraph = chromium.visible(By.cssSelector("[data-testid='message-assistant'] p"));
        int half = paragraph.getRect().getWidth() / 2;
        new Actions(chromium.driver())
                .moveToElement(paragraph, -half + 1, 0).clickAndHold()
                .moveToElement(paragraph, half - 1, 0).release()
                .perform();
        chromium.click(testId("quote-selection"));
        WebElement composer = chromium.visible(testId("composer-input"));
        chromium.until(d -> String.valueOf(composer.getDomProperty("value")).startsWith("> Rome, on the Tiber"));
        assertThat(composer.getDomProperty("value")).isEqualTo("> " + TIBER + "\n\n");
        assertThat(chromium.driver().switchTo().activeElement()).as("the composer has the focus").isEqualTo(composer);
        assertThat(chromium.present(testId("quote-selection"))).as("the button goes once used").isFalse();
    }

    /** Waits until the run completed and the stored answers are exactly {@code expected}, in order. */
    private void waitForAnswers(List<String> expected) {
        chromium.until(Duration.ofSeconds(90), d -> answers(d).equals(expected)
                && "completed".equals(((JavascriptExecutor) d).executeScript(
                        "return document.querySelector(\"[data-testid='run-status']\")?.dataset.status;")) ? true : null);
    }

    private static List<String> answers(WebDriver driver) {
        return texts(driver, "message-assistant");
    }

    private List<String> prompts() {
        return texts(chromium.driver(), "message-user");
    }

    /** The text of every element with this test id, read in one go (the list re-renders while a run streams). */
    @SuppressWarnings("unchecked")
    private static List<String> texts(WebDriver driver, String testId) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("return Array.from(document.querySelectorAll("
                + "`[data-testid='${arguments[0]}']`)).map(e => e.innerText.trim());", testId);
    }

    /** The model request the CLI sent last (not the server's title request). */
    private static RecordedRequest lastModelRequest() {
        return MODEL.messageRequests().getLast();
    }

    private void hover(WebElement element) {
        new Actions(chromium.driver()).moveToElement(element).perform();
    }

    private static String sessionIdIn(String url) {
        Matcher m = SESSION_URL.matcher(url);
        return m.find() ? m.group(1) : null;
    }
}
