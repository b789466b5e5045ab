package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * The UI's languages in a real browser against the whole product (set up as {@link WebUiBrowserTest}): the settings
 * menu offers poco's six languages by their own names; choosing Français turns the home page French at once, sets
 * {@code <html lang>} and the {@code poco_lang} cookie, and a reload keeps it.
 */
class LanguageBrowserTest extends ChromiumTest {

    private static final By HOME_TITLE = By.cssSelector("h1.home-title");

    @AfterEach
    void forgetTheChoice() {
        chromium.driver().manage().deleteAllCookies(); // the next test's page starts in the browser's language
    }

    private String htmlLang() {
        return (String) ((JavascriptExecutor) chromium.driver()).executeScript("return document.documentElement.lang");
    }

    /** Waits until the home page's title reads {@code text}. */
    private void awaitTitle(String text) {
        chromium.until(d -> text.equals(d.findElement(HOME_TITLE).getText()) ? true : null);
    }

    @Test
    void switchingToFrenchTranslatesTheHomePageAndSticks() {
        awaitTitle("What should we work on?");
        assertThat(htmlLang()).isEqualTo("en");

        chromium.click(testId("settings-menu"));
        List<String> offered = chromium.until(d -> {
            List<String> names = d.findElements(By.cssSelector("[data-testid^='lang-']")).stream()
                    .map(WebElement::getText).toList();
            return names.size() == 6 ? names : null;
        });
        assertThat(offered).containsExactly("English", "中文", "Français", "日本語", "Deutsch", "Русский");
        chromium.click(testId("lang-fr"));

        awaitTitle("Sur quoi travaillons-nous ?");
        assertThat(chromium.visible(testId("nav-schedules")).getText()).isEqualTo("Planifications");
        assertThat(htmlLang()).isEqualTo("fr");
        Cookie cookie = chromium.driver().manage().getCookieNamed("poco_lang");
        assertThat(cookie).isNotNull();
        assertThat(cookie.getValue()).isEqualTo("fr");
        assertThat(cookie.getSameSite()).isEqualTo("Lax");
        assertThat(cookie.getExpiry()).isNotNull(); // a year, not the session
        chromium.screenshot("language-01-home-fr");

        chromium.driver().navigate().refresh();
        awaitTitle("Sur quoi travaillons-nous ?");
        assertThat(htmlLang()).isEqualTo("fr");
    }
}
