package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14: the Ctrl+K search palette and the Usage page in a real browser against the whole product (a real run with
 * the real CLI; only the model is scripted). Set up as {@link WebUiBrowserTest}.
 */
class SearchUsageBrowserTest extends ChromiumTest {

    @Test
    void ctrlKFindsAMessageAndJumpsToItAndTheUsagePageShowsTheRunsTokens() {
        String word = "quokka" + UUID.randomUUID().toString().substring(0, 6);
        MODEL.when(r -> r.json().path("system").toString().contains("You write titles"), Reply.text("Marsupial survey"));
        MODEL.enqueue(Reply.text("The " + word + " census is done: 数据库迁移已经完成."));
        JsonNode task = user.post("/api/v1/tasks", Map.of("prompt", "Count the marsupials on the island")).ok();
        String sessionId = task.path("session_id").asString();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(
                () -> user.get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("status").asString()
                        .equals("completed"));

        chromium.open(base + "/");
        chromium.visible(testId("composer-input")); // the app is mounted (after the sign-in gate), its keys listen
        new Actions(chromium.driver()).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        WebElement input = chromium.visible(testId("search-input"));
        input.sendKeys(word);
        WebElement hit = chromium.visible(testId("search-message"));
        assertThat(hit.findElement(By.tagName("mark")).getText()).isEqualTo(word);
        chromium.screenshot("search-01-palette");
        hit.click();

        chromium.until(d -> d.getCurrentUrl().endsWith("/s/" + sessionId));
        WebElement target = chromium.visible(By.cssSelector("[data-search-target='true']"));
        assertThat(target.getText()).contains(word);

        // Chinese text is found by its pairs
        new Actions(chromium.driver()).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        chromium.visible(testId("search-input")).sendKeys("迁移");
        chromium.until(d -> d.findElements(testId("search-message")).stream()
                .anyMatch(e -> e.getText().contains("数据库迁移")));
        chromium.visible(testId("search-input")).sendKeys(Keys.ESCAPE);

        // the title the model gave arrived live
        chromium.until(d -> d.findElement(By.tagName("body")).getText().contains("Marsupial survey"));

        // the gateway's figures reach the run and the Usage page
        JsonNode usage = user.get("/api/v1/runs/" + task.path("run_id").asString()).ok().path("usage");
        assertThat(usage.path("usage_json").path("usage_source").asString()).isEqualTo("gateway");
        assertThat(usage.path("usage_json").path("input_tokens").asLong()).isPositive();
        long total = user.get("/api/v1/usage/summary").ok().path("total").path("input_tokens").asLong();
        chromium.click(testId("nav-usage"));
        chromium.visible(testId("usage-page"));
        chromium.until(d -> d.findElement(testId("usage-total-input")).getText().replaceAll("[^0-9]", "")
                .equals(Long.toString(total)));
        assertThat(chromium.visible(testId("usage-by-day")).getText()).contains(
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        chromium.visible(testId("usage-budget"));
        chromium.screenshot("usage-01-page");
    }
}
