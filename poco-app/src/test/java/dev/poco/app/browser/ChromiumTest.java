package dev.poco.app.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.app.e2e.EndToEndTest;
import dev.poco.testkit.http.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.logging.LogEntry;

/**
 * A real-browser test of the product: one Chromium per class against the shared end-to-end server, each test on a
 * fresh page at {@code /} as user {@code default} (desktop size, system colour scheme, empty storage), and any SEVERE
 * console entry from the app fails the test unless the class {@link #expectedConsoleError expects it}.
 */
abstract class ChromiumTest extends EndToEndTest {

    protected static final Duration WAIT = Duration.ofSeconds(60);

    protected static Chromium chromium;

    /** The server's origin, {@code http://127.0.0.1:<port>}. */
    protected String base;
    /** The API as the browser's user, {@code default}. */
    protected Api user;

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.start(WAIT);
    }

    @AfterAll
    static void quitBrowser() {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    @BeforeEach
    void freshPage() {
        base = "http://127.0.0.1:" + port;
        user = new Api(base, Map.of()).as("default");
        beforePageOpens();
        chromium.actAs("default");
        chromium.desktop();
        chromium.colorScheme(null);
        chromium.open(base + "/");
        chromium.clearStorage();
        chromium.drainConsole();
    }

    /** State a class needs before the page loads (e.g. no memories); nothing by default. */
    protected void beforePageOpens() {}

    /** Whether a SEVERE console entry from the app is expected by this class's tests; none by default. */
    protected boolean expectedConsoleError(String message) {
        return false;
    }

    @AfterEach
    void noConsoleErrorsFromTheApp() {
        List<LogEntry> entries = chromium.drainConsole();
        entries.forEach(e -> System.out.println("[browser console] " + e.getLevel() + " " + e.getMessage()));
        assertThat(entries)
                .filteredOn(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .filteredOn(e -> e.getMessage().startsWith(base))
                .filteredOn(e -> !expectedConsoleError(e.getMessage()))
                .extracting(LogEntry::getMessage)
                .as("SEVERE console entries from the app")
                .isEmpty();
    }
}
