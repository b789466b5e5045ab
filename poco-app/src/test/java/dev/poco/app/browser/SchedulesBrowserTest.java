package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14: the Schedules page in a real browser against the whole product (the runner runs the triggered task with
 * the real CLI; only the model is scripted). Set up as {@link WebUiBrowserTest}: headless Chromium sending
 * {@code X-User-Id: default}, and any SEVERE console entry from the app fails the test, except the cron helper's
 * 400s for a zone typed half-way (the helper asks while the user types).
 */
class SchedulesBrowserTest extends ChromiumTest {

    @Override
    protected boolean expectedConsoleError(String message) {
        return message.contains("/scheduled-tasks/preview") && message.contains("400");
    }

    @Test
    void aScheduleIsCreatedWithItsNextFiveFiresThenTriggeredAndItsRunShowsInTheHistory() {
        MODEL.enqueue(Reply.text("Here is your morning digest."));
        chromium.click(testId("nav-schedules"));
        chromium.visible(testId("schedules-page"));
        chromium.click(testId("schedule-new"));
        WebElement dialog = chromium.visible(testId("schedule-dialog"));

        chromium.visible(dialog, testId("schedule-name")).sendKeys("Morning digest");
        chromium.visible(dialog, testId("schedule-prompt")).sendKeys("Summarise what changed overnight");
        WebElement zone = chromium.visible(dialog, testId("schedule-timezone"));
        zone.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        zone.sendKeys("Asia/Tokyo");
        // "Weekdays at 9:00"
        dialog.findElements(testId("schedule-preset")).get(2).click();
        assertThat(dialog.findElement(testId("schedule-cron")).getDomProperty("value")).isEqualTo("0 9 * * 1-5");

        // read in one script: the list re-renders while the helper catches up with the typing
        List<String> fires = chromium.until(d -> {
            @SuppressWarnings("unchecked")
            List<String> texts = (List<String>) ((JavascriptExecutor) d).executeScript("return [...document"
                    + ".querySelectorAll(\"[data-testid='cron-preview-item']\")].map(e => e.textContent)");
            // the daily expression's fires (asked for while the zone was typed) may show first: wait for the weekdays
            return texts != null && texts.size() == 5 && texts.stream().allMatch(t -> t.contains("09:00 (UTC+09:00)"))
                    && texts.stream().noneMatch(t -> t.startsWith("Sat") || t.startsWith("Sun")) ? texts : null;
        });
        assertThat(fires).allSatisfy(t -> assertThat(t).doesNotStartWith("Sat").doesNotStartWith("Sun"));
        assertThat(fires).doesNotHaveDuplicates();
        chromium.screenshot("schedules-01-cron-helper");

        chromium.click(testId("cap-save"));
        WebElement item = chromium.visible(testId("schedule-item", "name", "Morning digest"));
        assertThat(item.getText()).contains("0 9 * * 1-5").contains("Asia/Tokyo");
        JsonNode task = user.get("/api/v1/scheduled-tasks").ok().get(0);
        assertThat(task.path("timezone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(task.path("cron").asString()).isEqualTo("0 9 * * 1-5");

        chromium.click(testId("schedule-trigger"));
        chromium.click(testId("schedule-history"));
        chromium.visible(testId("schedule-run"));
        WebElement done = chromium.visible(testId("schedule-run", "status", "completed"), Duration.ofSeconds(120));
        assertThat(done.findElement(testId("schedule-run-open")).getDomAttribute("href"))
                .isEqualTo("/s/" + task.path("session_id").asString());
        // the run's outcome reaches the task's summary (poco's summary sync) and the row
        chromium.visible(testId("schedule-last-status", "status", "completed"));
        chromium.screenshot("schedules-02-run-history");

        // the run went through the runner as a task does: the model got the prompt
        assertThat(MODEL.requests()).anySatisfy(r -> assertThat(r.body()).contains("Summarise what changed overnight"));

        // pausing shows on the row and on the server
        chromium.click(testId("schedule-toggle"));
        chromium.until(ExpectedConditions.textToBe(testId("schedule-next"), "Paused"));
        assertThat(user.get("/api/v1/scheduled-tasks").ok().get(0).path("enabled").asBoolean()).isFalse();
    }
}
