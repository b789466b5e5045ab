package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The Memories page in a real browser against the whole product (set up as {@link WebUiBrowserTest}): reached from
 * the sidebar, it lists the user's memories, searches them by words and by meaning with the ranking explained, edits
 * one (its history shows the change), deletes one, and turns the memory switch off and on.
 */
class MemoriesBrowserTest extends ChromiumTest {

    @Override
    protected void beforePageOpens() {
        user.delete("/api/v1/memories").ok();
    }

    @AfterEach
    void memoryBackOn() {
        user.put("/api/v1/memories/settings", Map.of("enabled", true)).ok(); // the other tests' runs expect it on
    }

    private String remember(String text) {
        return user.post("/api/v1/memories", Map.of("messages", List.of(Map.of("role", "user", "content", text)),
                "infer", false)).ok().path("result").path("results").get(0).path("id").asString();
    }

    /** The memories on the page once there are some; a list re-rendering meanwhile is read again. */
    private List<String> shownTexts() {
        return chromium.until(d -> {
            try {
                List<String> texts = d.findElements(testId("memory-text")).stream().map(WebElement::getText).toList();
                return texts.isEmpty() ? null : texts;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** Waits until the row of memory {@code id} shows {@code text}. */
    private void awaitRowText(String id, String text) {
        chromium.until(d -> {
            try {
                return row(id).getText().contains(text) ? true : null;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    private WebElement row(String id) {
        return chromium.visible(By.cssSelector("[data-testid='memory-item'][data-id='" + id + "']"));
    }

    @Test
    void listSearchEditHistoryDeleteAndTheSwitch() {
        String tea = remember("The user likes green tea");
        String dog = remember("The user's dog is a beagle named Biscuit");
        remember("用户住在上海浦东");

        chromium.click(testId("nav-memories"));
        chromium.visible(testId("memories"));
        chromium.until(d -> d.getCurrentUrl().endsWith("/memories") ? true : null);
        assertThat(shownTexts()).containsExactlyInAnyOrder("The user likes green tea",
                "The user's dog is a beagle named Biscuit", "用户住在上海浦东");
        chromium.screenshot("memories-01-list");

        WebElement search = chromium.visible(testId("memory-search"));
        search.sendKeys("What kind of pet does she own?");
        chromium.until(d -> shownTexts().getFirst().contains("beagle") ? true : null);
        assertThat(chromium.visible(testId("memory-why")).getText()).startsWith("score ").contains("meaning 0.");
        chromium.screenshot("memories-02-search-meaning");

        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        search.sendKeys("上海");
        chromium.until(d -> shownTexts().getFirst().equals("用户住在上海浦东") ? true : null);
        search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        chromium.until(d -> shownTexts().size() == 3 ? true : null);

        chromium.visible(row(tea), testId("memory-edit")).click();
        WebElement text = chromium.visible(testId("memory-edit-text"));
        text.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        text.sendKeys("The user likes oolong tea");
        chromium.click(testId("memory-save"));
        awaitRowText(tea, "The user likes oolong tea");
        assertThat(user.get("/api/v1/memories/" + tea).ok().path("memory").asString())
                .isEqualTo("The user likes oolong tea");
        chromium.visible(row(tea), testId("memory-show-history")).click();
        WebElement history = chromium.visible(row(tea), testId("memory-history"));
        assertThat(history.findElements(By.tagName("li"))).extracting(li -> li.getDomAttribute("data-event"))
                .containsExactly("ADD", "UPDATE");
        chromium.screenshot("memories-03-history");

        chromium.visible(row(dog), testId("memory-delete")).click();
        chromium.click(testId("confirm-ok"));
        chromium.until(d -> d.findElements(By.cssSelector("[data-id='" + dog + "']")).isEmpty() ? true : null);
        user.get("/api/v1/memories/" + dog).error(404, 40400);

        chromium.click(testId("memory-enabled"));
        await().atMost(WAIT).until(() -> !user.get("/api/v1/memories/settings").ok().path("enabled").asBoolean());
        chromium.click(testId("memory-enabled"));
        await().atMost(WAIT).until(() -> user.get("/api/v1/memories/settings").ok().path("enabled").asBoolean());
    }
}
