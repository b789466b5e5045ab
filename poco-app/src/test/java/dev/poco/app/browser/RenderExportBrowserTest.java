package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Issue 16 in a real browser, against the real CLI and the fake model: an answer with math, a table and code shows
 * KaTeX's typesetting (KaTeX loaded only then, not with the first page), highlighted code with a copy button, and
 * on a 390 px phone the wide table and long code line scroll inside their blocks instead of widening the page. The
 * conversation exports as Markdown from the session menu and as a PNG from the command palette; both downloads
 * are read back from Chromium's download folder.
 */
class RenderExportBrowserTest extends ChromiumTest {

    private static final String PROMPT = "Solve the integral and tabulate the results";
    private static final String ANSWER = """
            Euler's identity is $e^{i\\pi} + 1 = 0$, and the integral is

            $$
            \\int_0^1 x^2\\,dx = \\frac{1}{3}
            $$

            | Quantity | Formula | Value | Note |
            | --- | --- | --- | --- |
            | area | `integrate(lambda x: x ** 2, 0, 1, tolerance=1e-12, method="adaptive-simpson")` | 0.3333 | exact: one third, see https://example.org/integrals/closed-forms/polynomial-one-third |

            ```python
            def integrate(f, a, b, n=1_000_000):  # a line long enough that a phone has to scroll it sideways inside the block
                return sum(f(a + (i + 0.5) * (b - a) / n) for i in range(n)) * (b - a) / n
            ```
            """;

    private Path downloads;

    @BeforeEach
    void downloadFolder() throws IOException {
        downloads = Files.createTempDirectory("poco-downloads");
        ((ChromeDriver) chromium.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterEach
    void removeDownloads() throws IOException {
        ((ChromeDriver) chromium.driver()).executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "default"));
        try (Stream<Path> files = Files.walk(downloads)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void mathTablesAndCodeRenderAndTheConversationExportsAsMarkdownAndImage() throws IOException {
        // The first page does not load KaTeX.
        chromium.visible(testId("composer-input"));
        assertThat(loadedScripts()).as("scripts of the first page").noneMatch(s -> s.contains("katex"));

        MODEL.enqueue(Reply.bash("echo 0.3333", "Check the value"), Reply.text(ANSWER));
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", PROMPT)).ok().path("session_id").asString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()));
        chromium.open(base + "/s/" + sessionId);
        chromium.visible(testId("run-status", "status", "completed"));

        // Math: KaTeX's markup, inline and display, with its stylesheet (the KaTeX_Main font family) applied.
        WebElement answer = chromium.until(d -> d.findElements(testId("message-assistant")).stream()
                .filter(e -> !e.findElements(By.cssSelector(".katex-display")).isEmpty()).findFirst().orElse(null));
        List<WebElement> tex = answer.findElements(By.cssSelector(".katex annotation[encoding='application/x-tex']"));
        assertThat(tex).extracting(e -> e.getDomProperty("textContent").strip())
                .containsExactly("e^{i\\pi} + 1 = 0", "\\int_0^1 x^2\\,dx = \\frac{1}{3}");
        assertThat(answer.findElement(By.cssSelector(".katex-display .katex-html")).isDisplayed()).isTrue();
        assertThat(answer.findElement(By.cssSelector(".katex .mfrac")).isDisplayed()).isTrue();
        assertThat(answer.findElement(By.cssSelector(".katex")).getCssValue("font-family")).contains("KaTeX_Main");
        assertThat(answer.getText()).doesNotContain("$$");
        assertThat(loadedScripts()).as("KaTeX came with the message").anyMatch(s -> s.contains("katex"));

        // Code: highlighted by highlight.js, with a copy button; the table is a real table.
        WebElement code = answer.findElement(testId("code-block"));
        assertThat(code.findElement(By.cssSelector(".codeblock-lang")).getText()).isEqualTo("python");
        chromium.until(d -> !code.findElements(By.cssSelector("code.hljs .hljs-keyword")).isEmpty());
        assertThat(code.findElement(testId("code-copy")).isDisplayed()).isTrue();
        assertThat(answer.findElements(By.cssSelector("table th"))).extracting(WebElement::getText)
                .containsExactly("Quantity", "Formula", "Value", "Note");
        chromium.screenshot("render-math-desktop");

        // Markdown export from the session's menu.
        chromium.click(testId("session-head-menu"));
        chromium.click(testId("export-markdown"));
        Path markdown = downloaded(".md");
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        assertThat(text).startsWith("# ");
        assertThat(text).contains("## You\n\n" + PROMPT + "\n");
        assertThat(text).contains("## Assistant");
        assertThat(text).contains("- **Bash** `echo 0.3333`");
        assertThat(text).contains("$e^{i\\pi} + 1 = 0$", "$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$");
        assertThat(text).contains("| Quantity | Formula | Value | Note |");
        assertThat(text).contains("```python\ndef integrate(f, a, b, n=1_000_000):");

        // Image export from the command palette.
        new Actions(chromium.driver()).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
        WebElement search = chromium.visible(testId("search-input"));
        search.sendKeys("image");
        chromium.click(By.cssSelector("[role='option'] [data-command='export-image']"));
        Path image = downloaded(".png");
        byte[] png = Files.readAllBytes(image);
        assertThat(png).as("a PNG").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        assertThat(pngHeight(png)).as("the whole conversation, taller than the window").isGreaterThan(pngWidth(png) / 2);

        // A 390 px phone: the table and the long code line scroll inside their blocks; the page does not widen.
        chromium.phone(390, 844);
        chromium.open(base + "/s/" + sessionId);
        WebElement phoneAnswer = chromium.until(d -> d.findElements(By.cssSelector("[data-testid='message-assistant'] .katex")).isEmpty()
                ? null : d.findElements(testId("message-assistant")).getLast());
        JavascriptExecutor js = (JavascriptExecutor) chromium.driver();
        assertThat(((Number) js.executeScript("return document.documentElement.scrollWidth;")).intValue())
                .as("the page's width").isLessThanOrEqualTo(390);
        for (String block : List.of(".table-wrap", ".codeblock pre")) {
            Map<?, ?> box = (Map<?, ?>) js.executeScript(
                    "const e = arguments[0].querySelector(arguments[1]); const r = e.getBoundingClientRect();"
                            + " return {scroll: e.scrollWidth, client: e.clientWidth, right: r.right,"
                            + " overflow: getComputedStyle(e).overflowX};", phoneAnswer, block);
            assertThat(((Number) box.get("scroll")).intValue()).as("%s is wider than its box", block)
                    .isGreaterThan(((Number) box.get("client")).intValue());
            assertThat(box.get("overflow")).as("%s scrolls sideways", block).isEqualTo("auto");
            assertThat(((Number) box.get("right")).doubleValue()).as("%s ends inside the screen", block).isLessThanOrEqualTo(390);
        }
        chromium.screenshot("render-math-phone");
        chromium.desktop();
    }

    /** The script files this page has loaded so far. */
    @SuppressWarnings("unchecked")
    private List<String> loadedScripts() {
        return (List<String>) ((JavascriptExecutor) chromium.driver()).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => n.endsWith('.js'));");
    }

    /** Waits for the one finished download ending in {@code suffix} (Chromium writes .crdownload until it is done). */
    private Path downloaded(String suffix) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst().orElse(null);
            }
        }, p -> p != null && sizeOf(p) > 0);
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int pngWidth(byte[] png) {
        return java.nio.ByteBuffer.wrap(png, 16, 4).getInt();
    }

    private static int pngHeight(byte[] png) {
        return java.nio.ByteBuffer.wrap(png, 20, 4).getInt();
    }
}
