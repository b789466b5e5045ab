package dev.poco.app.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, for the browser tests: start, explicit
 * waits on {@code data-testid}s, screenshots, the console log and a few DevTools emulations.
 *
 * <p>Not thread-safe: one test thread drives it. {@link #close()} quits the browser and deletes its
 * profile directory.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Under the module's target/, where surefire runs (the working directory is the module). */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final int WIDTH = 1400;
    static final int HEIGHT = 900;

    private final ChromeDriver driver;
    private final Path profile;
    private final Duration timeout;

    private Chromium(ChromeDriver driver, Path profile, Duration timeout) {
        this.driver = driver;
        this.profile = profile;
        this.timeout = timeout;
    }

    /**
     * Starts the browser. Fails (never skips) when chromium or chromedriver is missing, naming the
     * Debian packages that provide them.
     */
    static Chromium start(Duration timeout) {
        for (Path required : List.of(BINARY, DRIVER)) {
            if (!Files.isExecutable(required)) {
                fail("%s is missing: the browser tests need Debian's packages `chromium chromium-driver` "
                        + "(apt-get install -y chromium chromium-driver)", required);
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("poco-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + WIDTH + "," + HEIGHT);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .build();
        Chromium chromium = new Chromium(new ChromeDriver(service, options), profile, timeout);
        chromium.checkConsoleCapture();
        return chromium;
    }

    /** The console check is only worth something if entries really arrive: probe it once. */
    private void checkConsoleCapture() {
        driver.executeScript("console.error('poco console probe')");
        if (drainConsole().stream().noneMatch(e -> e.getMessage().contains("poco console probe"))) {
            close();
            fail("chromedriver hands out no browser console entries (goog:loggingPrefs); "
                    + "the test could not see JavaScript errors");
        }
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Sends {@code X-User-Id} on every request of the page, as the proxy in front of a
     * {@code trusted_header} deployment does (without it the API answers 401).
     */
    void actAs(String userId) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-User-Id", userId)));
    }

    static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    /** {@code [data-testid=id][data-attribute=value]}. */
    static By testId(String id, String attribute, String value) {
        return By.cssSelector("[data-testid='" + id + "'][data-" + attribute + "='" + value + "']");
    }

    void open(String url) {
        driver.get(url);
    }

    /** Waits until {@code condition} returns something other than null or false, and returns it. */
    <T> T until(Function<WebDriver, T> condition) {
        return until(timeout, condition);
    }

    <T> T until(Duration limit, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, limit, Duration.ofMillis(100)).until(condition);
    }

    /** Waits for a visible element. */
    WebElement visible(By by) {
        return visible(by, timeout);
    }

    WebElement visible(By by, Duration limit) {
        return until(limit, ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits for a visible element inside {@code parent}. */
    WebElement visible(WebElement parent, By by) {
        return until(d -> parent.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Waits until the element is enabled, then clicks it. */
    void click(By by) {
        until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /** Saves the viewport as {@code target/screenshots/<name>.png} and returns the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console entries since the last call (the browser hands each entry out once). */
    List<LogEntry> drainConsole() {
        return new ArrayList<>(driver.manage().logs().get(LogType.BROWSER).getAll());
    }

    /** Emulates {@code prefers-color-scheme} through DevTools; {@code null} restores the default. */
    void colorScheme(String scheme) {
        List<Map<String, String>> features = scheme == null
                ? List.of()
                : List.of(Map.of("name", "prefers-color-scheme", "value", scheme));
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", features));
    }

    /** Emulates a phone-sized viewport (CSS pixels) through DevTools. */
    void phone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    }

    /** Emulates a desktop viewport of this many CSS pixels through DevTools. */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Back to the desktop window size. */
    void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }

    /** Forgets the UI's stored preferences (open panels, drafts, history) in this origin. */
    void clearStorage() {
        driver.executeScript("localStorage.clear(); sessionStorage.clear();");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // A leftover temp profile is harmless; the next run uses a new one.
            }
        }
    }
}
