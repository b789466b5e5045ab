package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Issue 16: every page of the web UI passes axe-core (the engine the browser extensions use) with no serious or critical
 * finding, in the light and the dark theme, on a 390 px phone and a 1440 px desktop. axe is loaded from the web
 * build's node_modules into each page; its findings are printed rule by rule, with the offending elements, when the test
 * fails. A screenshot of each page, theme and width goes to target/screenshots/a11y-*.png.
 */
class AccessibilityBrowserTest extends ChromiumTest {

    /** axe-core as npm installed it for the web build (surefire runs in poco-app/). */
    private static final Path AXE = Path.of("..", "web", "node_modules", "axe-core", "axe.min.js");
    private static final Set<String> BLOCKING = Set.of("serious", "critical");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ANSWER = """
            Done: the report is in **report.md**. Its total is $\\sum_{i=1}^{n} x_i = 42$:

            $$
            \\bar{x} = \\frac{1}{n} \\sum_{i=1}^{n} x_i
            $$

            | Step | Command | Result |
            | --- | --- | --- |
            | build | `./mvnw -B -ntp -q -pl poco-app -am package -DskipTests` | ok |
            | check | `python3 -c "print('a very long line that a phone has to scroll sideways instead of breaking the page')"` | ok |

            ```python
            def summarize(rows: list[dict[str, str]]) -> str:
                return ", ".join(f"{row['name']}={row['value']}" for row in rows if row.get('value') is not None)
            ```
            """;

    private record Page(String name, String path, By ready) {}

    @Test
    void everyPageHasNoSeriousOrCriticalAxeFindingInBothThemesAtPhoneAndDesktopWidths() throws IOException {
        String axe = axeSource();
        String sessionId = sessionWithMessages();
        String sharedProject = sharedProject();
        List<Page> pages = List.of(
                new Page("home", "/", testId("composer-input")),
                // Ready once KaTeX has typeset the answer's math, so that axe reads its markup too.
                new Page("session", "/s/" + sessionId, By.cssSelector("[data-testid='message-assistant'] .katex-display")),
                new Page("capabilities-mcp", "/capabilities/mcp", testId("capabilities")),
                new Page("capabilities-skills", "/capabilities/skills", testId("capabilities")),
                new Page("capabilities-secrets", "/capabilities/secrets", testId("capabilities")),
                new Page("schedules", "/schedules", testId("schedules-page")),
                new Page("chat-apps", "/settings/chat-apps", testId("chat-provider")),
                new Page("memories", "/memories", By.cssSelector("main h1")),
                new Page("usage", "/usage", testId("usage-page")));

        List<String> findings = new ArrayList<>();
        for (String theme : List.of("light", "dark")) {
            for (int width : List.of(390, 1440)) {
                if (width < 768) {
                    chromium.phone(width, 844);
                } else {
                    chromium.viewport(width, 900);
                }
                chromium.colorScheme(theme);
                String where = theme + "-" + width;
                for (Page page : pages) {
                    chromium.open(base + page.path());
                    chromium.visible(page.ready());
                    settle();
                    findings.addAll(audit(axe, page.name() + " (" + where + ")"));
                    chromium.screenshot("a11y-" + page.name() + "-" + where);
                    if (page.name().equals("session")) {
                        // The prompt's inline editor (message actions), opened in place.
                        new Actions(chromium.driver()).moveToElement(chromium.visible(testId("message-user"))).perform();
                        chromium.click(testId("prompt-edit"));
                        chromium.visible(testId("prompt-editor-input"));
                        settle();
                        findings.addAll(audit(axe, "prompt editor (" + where + ")"));
                    }
                }
                // The session's header menu (export), open.
                chromium.open(base + "/s/" + sessionId);
                chromium.visible(testId("run-status", "status", "completed"));
                chromium.click(testId("session-head-menu"));
                chromium.visible(testId("export-markdown"));
                settle();
                findings.addAll(audit(axe, "session menu (" + where + ")"));
                // The dialogs: the search palette with results and the settings dialog.
                chromium.open(base + "/");
                chromium.visible(testId("composer-input"));
                new Actions(chromium.driver()).keyDown(Keys.CONTROL).sendKeys("k").keyUp(Keys.CONTROL).perform();
                chromium.visible(testId("search-input")).sendKeys("report");
                chromium.visible(testId("search-message"));
                settle();
                findings.addAll(audit(axe, "search (" + where + ")"));
                chromium.screenshot("a11y-search-" + where);
                chromium.visible(testId("search-input")).sendKeys(Keys.ESCAPE);
                if (width >= 768) { // the project menu lives in the sidebar, off-screen on a phone
                    chromium.open(base + "/");
                    WebElement project = chromium.visible(testId("project-item", "project-id", sharedProject));
                    new Actions(chromium.driver()).moveToElement(project.findElement(By.cssSelector(".project-row")))
                            .perform();
                    project.findElement(By.cssSelector("[data-testid='project-menu']")).click();
                    chromium.click(testId("project-share"));
                    chromium.visible(testId("share-member", "user", "a11y-teammate"));
                    settle();
                    findings.addAll(audit(axe, "share dialog (" + where + ")"));
                    chromium.screenshot("a11y-share-" + where);
                    chromium.click(testId("share-close"));
                }
                for (String tab : List.of("account", "models", "usage", "shortcuts", "language", "theme")) {
                    if (!chromium.present(testId("settings-dialog"))) {
                        new Actions(chromium.driver()).keyDown(Keys.CONTROL).sendKeys(",").keyUp(Keys.CONTROL).perform();
                    }
                    chromium.click(testId("settings-tab-" + tab));
                    chromium.visible(testId("settings-panel-" + tab));
                    settle();
                    findings.addAll(audit(axe, "settings " + tab + " (" + where + ")"));
                    chromium.screenshot("a11y-settings-" + tab + "-" + where);
                }
                // The composer's tools popover and repository dialog (issue 16).
                chromium.open(base + "/");
                chromium.click(testId("composer-tools"));
                chromium.visible(testId("composer-tools-panel"));
                settle();
                findings.addAll(audit(axe, "composer tools (" + where + ")"));
                chromium.screenshot("a11y-composer-tools-" + where);
                chromium.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
                chromium.until(d -> d.findElements(testId("composer-tools-panel")).isEmpty());
                chromium.click(testId("composer-repo"));
                chromium.visible(testId("repo-dialog"));
                settle();
                findings.addAll(audit(axe, "composer repository (" + where + ")"));
                chromium.screenshot("a11y-composer-repository-" + where);
                new Actions(chromium.driver()).sendKeys(Keys.ESCAPE).perform();
                if (width >= 768) {
                    // The first-run welcome (shown again from the settings menu) and the sidebar's batch delete.
                    new Actions(chromium.driver()).sendKeys(Keys.ESCAPE).perform();
                    chromium.open(base + "/");
                    chromium.visible(testId("composer-input"));
                    chromium.click(testId("settings-menu"));
                    chromium.click(testId("onboarding-replay"));
                    chromium.visible(testId("onboarding"));
                    chromium.click(testId("select-mode"));
                    chromium.click(testId("session-select"));
                    settle();
                    findings.addAll(audit(axe, "welcome and selection (" + where + ")"));
                    chromium.screenshot("a11y-welcome-selection-" + where);
                    chromium.click(testId("select-delete"));
                    chromium.visible(testId("confirm-dialog"));
                    settle();
                    findings.addAll(audit(axe, "batch delete (" + where + ")"));
                    chromium.click(testId("confirm-cancel"));
                }
            }
        }
        chromium.colorScheme(null);
        chromium.desktop();
        if (!findings.isEmpty()) {
            fail("axe-core found %d serious or critical problem(s):%n%n%s", findings.size(), String.join("\n", findings));
        }
    }

    /** A project of the browser's user shared with a teammate (the Share dialog then lists both). */
    private String sharedProject() {
        String project = user.post("/api/v1/projects", Map.of("name", "Shared with the team")).ok()
                .path("project_id").asString();
        user.put("/api/v1/projects/" + project + "/members/a11y-teammate", Map.of("role", "viewer")).ok();
        return project;
    }

    /** A finished session with a user message, tool calls (Write, Bash) and a Markdown answer with a table and code. */
    private String sessionWithMessages() {
        MODEL.enqueue(Reply.toolUse("Write", Map.of("file_path", "/workspace/report.md", "content", "# Report\n\nAll good.\n")),
                Reply.bash("cat report.md", "Show the report"),
                Reply.text(ANSWER));
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", "Write the report and show me")).ok()
                .path("session_id").asString();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() ->
                "completed".equals(user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()));
        return sessionId;
    }

    /** Waits for the fonts and two frames, so that axe reads the colours the page settled on. */
    private void settle() {
        chromium.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + " document.fonts.ready.then(() => requestAnimationFrame(() => requestAnimationFrame(() =>"
                        + " done(true))));")));
    }

    /** Runs axe on the current page; one readable block per serious or critical rule broken. */
    private List<String> audit(String axe, String where) {
        JavascriptExecutor js = (JavascriptExecutor) chromium.driver();
        chromium.driver().manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(axe);
        }
        Object raw = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then(r => done(JSON.stringify(r.violations)))
                  .catch(e => done(JSON.stringify({ error: String(e) })));
                """);
        JsonNode violations = JSON.readTree(String.valueOf(raw));
        assertThat(violations.isArray()).as("axe on %s answered %s", where, raw).isTrue();
        List<String> found = new ArrayList<>();
        for (JsonNode v : violations) {
            if (!BLOCKING.contains(v.path("impact").asString())) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            text.append("• ").append(where).append(": ").append(v.path("id").asString())
                    .append(" [").append(v.path("impact").asString()).append("] ")
                    .append(v.path("help").asString()).append('\n');
            int shown = 0;
            for (JsonNode node : v.path("nodes")) {
                if (shown++ == 6) {
                    text.append("    … and ").append(v.path("nodes").size() - 6).append(" more\n");
                    break;
                }
                text.append("    ").append(node.path("target").toString()).append('\n');
                text.append("      ").append(node.path("failureSummary").asString().replace("\n", "\n      "))
                        .append('\n');
            }
            found.add(text.toString());
        }
        return found;
    }

    private static String axeSource() throws IOException {
        if (!Files.isRegularFile(AXE)) {
            fail("%s is missing: the accessibility test loads axe-core from the web build's node_modules "
                    + "(cd web && npm ci)", AXE.toAbsolutePath().normalize());
        }
        try {
            return Files.readString(AXE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
