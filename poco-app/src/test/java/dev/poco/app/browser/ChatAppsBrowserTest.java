package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * The Chat apps page in a real browser against the whole product (its Telegram bot talks to the end-to-end tests'
 * fake Bot API): an administrator types a credential into a password field and saves it; the field then shows
 * "configured", and the value appears nowhere, neither on the page nor in the API's answers.
 */
class ChatAppsBrowserTest extends ChromiumTest {

    private static final String CREDENTIALS = "/api/v1/im/providers/telegram/credentials";

    @AfterEach
    void environmentAgain() {
        user.delete(CREDENTIALS).ok();
    }

    /** An element of Telegram's entry on the page. */
    private static By telegram(String testId) {
        return By.cssSelector("[data-testid='chat-provider'][data-name='telegram'] [data-testid='" + testId + "']");
    }

    private String badgeOf(String field) {
        return chromium.until(d -> {
            try {
                WebElement row = d.findElement(By.cssSelector("[data-testid='chat-credential'][data-field='" + field
                        + "']"));
                var badges = row.findElements(testId("chat-credential-configured"));
                return badges.isEmpty() ? null : badges.getFirst().getText();
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    @Test
    void savingACredentialShowsConfiguredWithoutEchoingTheValue() {
        String secret = "browser-secret-" + UUID.randomUUID();
        chromium.open(base + "/settings/chat-apps");
        chromium.visible(testId("chat-apps"));
        assertThat(badgeOf("bot_token")).isEqualTo("configured (environment)");
        WebElement input = chromium.visible(testId("chat-credential-input-webhook_secret"));
        assertThat(input.getAttribute("type")).isEqualTo("password");
        assertThat(chromium.present(By.cssSelector("[data-field='webhook_secret'] [data-testid='chat-credential-configured']")))
                .isFalse();

        input.sendKeys(secret);
        chromium.click(telegram("chat-credentials-save")); // DingTalk and Feishu have credential forms too
        chromium.until(d -> "configured".equals(badgeOf("webhook_secret")) ? true : null);
        chromium.screenshot("chat-apps-01-credential-saved");

        assertThat(chromium.visible(testId("chat-credential-input-webhook_secret")).getAttribute("value")).isEmpty();
        assertThat(chromium.driver().getPageSource()).doesNotContain(secret);
        assertThat(user.get("/api/v1/im/providers").body()).doesNotContain(secret).contains("\"webhook_secret\"");

        chromium.click(telegram("chat-credentials-clear"));
        chromium.until(d -> d.findElements(By.cssSelector(
                "[data-field='webhook_secret'] [data-testid='chat-credential-configured']")).isEmpty() ? true : null);
    }
}
