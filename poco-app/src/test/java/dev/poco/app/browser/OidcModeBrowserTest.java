package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.app.PocoApplication;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.db.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.logging.LogEntry;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POCO_AUTH_MODE=oidc} in a real browser, with the whole product on a database of its own and a real OpenID
 * Connect provider on a socket (mock-oauth2-server with its interactive login form): the sign-in page's "Sign in
 * with …" button, the provider's own login page, and back into the app signed in as the admin the claim makes;
 * then signing out, and a sign-in the provider vouches for but Poco may not let in, explained on the sign-in page.
 */
@SpringBootTest(classes = PocoApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OidcModeBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final FakeAnthropicServer MODEL = new FakeAnthropicServer().start();
    private static final MockOAuth2Server PROVIDER = provider();
    private static final Path HOME = tempDir();

    private static Chromium chromium;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        String db = TestDatabase.freshDatabase("poco_oidc_browser");
        registry.add("poco.database.url", () -> db);
        registry.add("poco.home", HOME::toString);
        registry.add("poco.auth.mode", () -> "oidc");
        registry.add("poco.oidc.issuer", () -> PROVIDER.issuerUrl("team").toString());
        registry.add("poco.oidc.client-id", () -> "poco-browser");
        registry.add("poco.oidc.client-secret", () -> "browser-test-secret");
        registry.add("poco.oidc.allowed-domains", () -> "example.test");
        registry.add("poco.oidc.admin-claim", () -> "groups");
        registry.add("poco.oidc.admin-value", () -> "poco-admins");
        registry.add("poco.oidc.provider-name", () -> "Team IdP");
        registry.add("poco.model.base-url", MODEL::baseUrl);
        registry.add("poco.model.api-key", () -> "sk-ant-oidc-mode-test");
        registry.add("poco.runner.max-concurrent-runs", () -> "1");
    }

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.start(WAIT);
    }

    @AfterAll
    static void quit() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
        PROVIDER.shutdown();
    }

    @Test
    void signInWithTheProvidersButtonSignOutAndSeeARefusalExplained() {
        String base = "http://127.0.0.1:" + port;
        chromium.desktop();
        chromium.open(base + "/");
        chromium.clearStorage();

        // oidc mode: no password form, one button to the provider
        chromium.visible(testId("signin-page"));
        assertThat(chromium.present(testId("signin-password"))).isFalse();
        assertThat(chromium.visible(testId("signin-oidc")).getText()).isEqualTo("Sign in with Team IdP");
        chromium.screenshot("oidc-01-sign-in");
        chromium.click(testId("signin-oidc"));

        // the provider's own login page: the subject and the claims it vouches for
        signInAtProvider("alice-subject", """
                {"email": "alice@example.test", "email_verified": true, "name": "Alice Admin",
                 "groups": ["staff", "poco-admins"]}""");

        // back in the app, signed in: the admin the claim makes, named as the provider said
        chromium.visible(testId("composer-input"));
        chromium.visible(testId("nav-admin"));
        assertThat(chromium.visible(testId("nav-account")).getText()).contains("Alice Admin");
        assertThat(chromium.driver().getCurrentUrl()).isEqualTo(base + "/");
        chromium.screenshot("oidc-03-signed-in");

        // the account page has no password to change here; signing out leads back to the button
        chromium.click(testId("nav-account"));
        chromium.visible(testId("account-page"));
        assertThat(chromium.present(testId("account-current-password"))).isFalse();
        chromium.click(testId("account-sign-out"));
        chromium.visible(testId("signin-page"));
        assertThat(chromium.visible(testId("signed-out-notice")).getText()).isEqualTo("You signed out.");

        // someone the provider knows, of a domain that may not create an account: told so, not signed in
        chromium.click(testId("signin-oidc"));
        signInAtProvider("mallory-subject", """
                {"email": "mallory@elsewhere.example", "email_verified": true}""");
        chromium.visible(testId("signin-page"));
        assertThat(chromium.visible(testId("signin-error")).getText())
                .isEqualTo("There is no Poco account for this sign-in, and your e-mail domain may not create one."
                        + " Ask an admin for an invite.");
        // the reason is read once and dropped from the address
        chromium.until(d -> base.concat("/").equals(d.getCurrentUrl()));
        chromium.screenshot("oidc-04-refused");
        // the sign-in page with its notice, error and button passes axe-core (issue 16's bar)
        assertThat(seriousAxeFindings()).isEmpty();

        List<LogEntry> severe = chromium.drainConsole().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(e -> e.getMessage().startsWith(base))
                // the 401s that tell the page nobody is signed in are expected
                .filter(e -> !e.getMessage().contains("401"))
                .toList();
        assertThat(severe).extracting(LogEntry::getMessage).isEmpty();
    }

    /** axe-core's serious and critical rule ids on the current page (axe from the web build's node_modules). */
    private static List<String> seriousAxeFindings() {
        JavascriptExecutor js = (JavascriptExecutor) chromium.driver();
        chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        try {
            js.executeScript(Files.readString(Path.of("..", "web", "node_modules", "axe-core", "axe.min.js")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Object raw = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(r => done(JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ': ' + v.help))))
                  .catch(e => done(JSON.stringify(['axe failed: ' + e])));
                """);
        List<String> found = new ArrayList<>();
        new ObjectMapper().readTree(String.valueOf(raw)).forEach(n -> found.add(n.asString()));
        return found;
    }

    private static void signInAtProvider(String subject, String claims) {
        chromium.visible(By.name("username")).sendKeys(subject);
        chromium.visible(By.name("claims")).sendKeys(claims);
        chromium.screenshot("oidc-02-provider-" + subject);
        chromium.click(By.cssSelector("input[type=submit]"));
    }

    private static MockOAuth2Server provider() {
        MockOAuth2Server server = new MockOAuth2Server(new OAuth2Config(true));
        server.start();
        return server;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("poco-oidc-browser");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
