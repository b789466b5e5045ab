package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.http.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * API tokens in a real browser (issue 17, part 4): reached from the sidebar, a new token is shown once with a copy
 * button, works as {@code Authorization: Bearer} within its scope, is never shown again (not after closing the box,
 * not after a reload), and is revoked from its row.
 */
class ApiTokensBrowserTest extends ChromiumTest {

    @Override
    protected void beforePageOpens() {
        for (JsonNode token : user.get("/api/v1/tokens").ok()) {
            user.delete("/api/v1/tokens/" + token.path("id").asString()).ok();
        }
    }

    @Test
    void aTokenIsShownOnceWorksWithinItsScopeAndIsRevoked() {
        chromium.click(testId("nav-api-tokens"));
        chromium.visible(testId("api-tokens"));
        chromium.until(d -> d.getCurrentUrl().endsWith("/settings/tokens") ? true : null);
        chromium.visible(testId("token-name")).sendKeys("browser-ci");
        new Select(chromium.visible(testId("token-scope"))).selectByValue("read");
        new Select(chromium.visible(testId("token-expiry"))).selectByValue("30");
        chromium.click(testId("token-create"));

        String token = chromium.visible(testId("token-created-value")).getText().strip();
        assertThat(token).startsWith("poco_pat_").hasSize("poco_pat_".length() + 40);
        chromium.visible(testId("token-created-copy"));
        WebElement row = chromium.visible(testId("token-item"));
        assertThat(row.getText()).contains("browser-ci").contains(token.substring(0, 15)).doesNotContain(token);
        chromium.screenshot("api-tokens-01-created");

        Api bearer = new Api(base, Map.of("Authorization", "Bearer " + token));
        bearer.get("/api/v1/sessions").ok();
        assertThat(bearer.post("/api/v1/sessions", Map.of()).error(403, 40300).message()).contains("scope read");

        chromium.click(testId("token-created-done"));
        chromium.until(d -> d.findElements(testId("token-created")).isEmpty() ? true : null);
        assertThat(chromium.driver().getPageSource()).doesNotContain(token);
        chromium.open(base + "/settings/tokens");
        chromium.visible(testId("token-item"));
        assertThat(chromium.driver().getPageSource()).doesNotContain(token);

        chromium.click(testId("cap-delete"));
        chromium.click(testId("confirm-ok"));
        chromium.visible(testId("cap-empty"));
        assertThat(bearer.get("/api/v1/sessions").error(401, 40100).message()).contains("revoked");
    }
}
