package dev.poco.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code stream}'s second figure: the model's first word to the user's <em>screen</em> (issue 16). A real Chromium
 * (Debian's, headless, through chromedriver) opens the web UI of the running {@code ./poco start}, types the prompt
 * in the composer and presses Enter, as a user does; a {@code MutationObserver} in the page notes the time at which
 * the answer's first word is in the DOM, by the page's {@code Date.now()}: the system's wall clock, the one this
 * JVM's {@link Instant} reads (Chromium's {@code performance.timeOrigin + now()} drifts from it by hundreds of
 * milliseconds). The latency is that time minus the fake model's flush of its first {@code text_delta}: the whole
 * way through CLI, runner, server, PostgreSQL NOTIFY, SSE, React and the DOM. New session each time, one at a time,
 * after warm-up tasks.
 */
final class ScreenBench {

    static final String HEADLINE = "first token: model's first text delta -> on the screen";
    static final int RUNS = Integer.getInteger("bench.screen.runs", 20);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** Installed on the home page; survives the app's in-page navigation to the new session. */
    private static final String OBSERVE = """
            window.__pocoFirstWord = null;
            const word = arguments[0];
            const seen = () => {
              // in the answer only: the sidebar's generated title of the session may hold the same words
              const answers = document.querySelectorAll(
                  "[data-testid='message-partial'], [data-testid='message-assistant']");
              if (window.__pocoFirstWord === null && [...answers].some((a) => a.textContent.includes(word))) {
                window.__pocoFirstWord = Date.now();
              }
            };
            new MutationObserver(seen).observe(document.body, {childList: true, subtree: true, characterData: true});
            """;

    private final FakeModel model;
    private final PocoServer server;

    ScreenBench(FakeModel model, PocoServer server) {
        this.model = model;
        this.server = server;
    }

    void run(Figures figures) throws Exception {
        for (Path required : List.of(CHROMIUM, DRIVER)) {
            if (!Files.isExecutable(required)) {
                figures.value("stream: first token on the screen", "skipped", "", required
                        + " is missing (apt-get install chromium chromium-driver)");
                return;
            }
        }
        Path profile = Files.createTempDirectory("poco-bench-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString())).build();
        ChromeDriver browser = new ChromeDriver(service, options);
        Samples onScreen = new Samples();
        int missed = 0;
        try {
            Bench.progress("stream: %d warm-up + %d tasks typed into the web UI in Chromium", StreamBench.WARMUP,
                    RUNS);
            for (int i = 0; i < StreamBench.WARMUP + RUNS; i++) {
                Long nanos = task(browser);
                if (i >= StreamBench.WARMUP) {
                    if (nanos == null) {
                        missed++;
                    } else {
                        onScreen.add(nanos);
                    }
                }
            }
        } finally {
            browser.quit();
            deleteQuietly(profile);
        }
        figures.latency(HEADLINE, onScreen, 0.99, "the fake model flushing the first text_delta -> that word in the"
                + " page's DOM (Chromium, prompt typed in the composer, a new session each time)");
        if (missed > 0) {
            figures.value("stream: tasks whose first word was not timed on the screen", Integer.toString(missed), "",
                    "the page showed no streamed word within " + TIMEOUT.toSeconds() + " s");
        }
    }

    /** One prompt typed on the home page; the first word's way to the screen in nanoseconds, or null. */
    private @Nullable Long task(ChromeDriver browser) {
        String marker = model.marker(FakeModel.STREAM);
        try {
            browser.get(server.base() + "/");
            WebDriverWait wait = new WebDriverWait(browser, TIMEOUT);
            By input = By.cssSelector("[data-testid='composer-input']");
            wait.until(d -> d.findElements(input).stream().anyMatch(WebElement::isDisplayed));
            WebElement composer = browser.findElements(input).stream().filter(WebElement::isDisplayed).findFirst()
                    .orElseThrow();
            String firstWord = FakeModel.STREAMED_ANSWER.split(" ")[0];
            browser.executeScript(OBSERVE, firstWord);
            composer.sendKeys("Answer at length. " + marker);
            composer.sendKeys(Keys.ENTER);
            wait.until(d -> browser.executeScript("return window.__pocoFirstWord") != null);
            Object seen = browser.executeScript("return window.__pocoFirstWord");
            // the whole answer on the screen, so the next task does not overlap this one
            String tail = FakeModel.STREAMED_ANSWER.substring(FakeModel.STREAMED_ANSWER.length() - 30);
            wait.until(d -> Boolean.TRUE.equals(browser.executeScript(
                    "return document.body.textContent.includes(arguments[0])", tail)));
            Instant sent = model.firstTextDelta(marker).orElse(null);
            if (sent == null || !(seen instanceof Number at)) {
                return null;
            }
            double sentMillis = sent.getEpochSecond() * 1000.0 + sent.getNano() / 1_000_000.0;
            return Math.round((at.doubleValue() - sentMillis) * 1_000_000.0);
        } catch (RuntimeException e) {
            Bench.progress("stream: a task typed into the browser was not timed: %s", e.getMessage());
            return null;
        } finally {
            model.forget(marker);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary profile; the OS cleans /tmp
        }
    }
}
