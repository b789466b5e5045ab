package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.protocol.WorkspaceLayout;
import dev.poco.testkit.git.FakeGitHubApi;
import dev.poco.testkit.git.GitHttpServer;
import dev.poco.testkit.http.Origin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The web UI in a real browser against the whole product: headless Chromium types into the
 * composer, watches the run stream in over SSE, expands tool cards, answers a question, cancels a
 * run and opens a workspace file. Only the model is scripted. The browser sends
 * {@code X-User-Id: default} as a trusted proxy would, and {@link #user} calls the REST API as the
 * same user.
 *
 * <p>Screenshots of the main screens go to {@code target/screenshots/}. Any SEVERE console entry
 * from the app's own origin (a JavaScript error, a {@code console.error}, a failed request) fails
 * the test that produced it.
 */
class WebUiBrowserTest extends ChromiumTest {

    private static final Pattern SESSION_URL = Pattern.compile("/s/([0-9a-f-]{36})$");
    private static final Set<String> ACTIVE = Set.of("pending", "queued", "claimed", "running");

    private static final String ANSWER = """
            I wrote **out.txt** in the workspace.

            | File | Content |
            | --- | --- |
            | `out.txt` | hello from poco |

            Run `cat out.txt` to see it.""";

    private static final String FIZZBUZZ = """
            def fizzbuzz(n: int) -> str:
                \"\"\"FizzBuzz for one number.\"\"\"
                if n % 15 == 0:
                    return "FizzBuzz"
                if n % 3 == 0:
                    return "Fizz"
                if n % 5 == 0:
                    return "Buzz"
                return str(n)

            if __name__ == "__main__":
                print(", ".join(fizzbuzz(i) for i in range(1, 16)))
            """;

    private static final Map<String, Object> COLOR_QUESTION = Map.of("questions", List.of(Map.of(
            "question", "Which color should the button be?", "header", "Color", "multiSelect", false,
            "options", List.of(Map.of("label", "Red", "description", "Warm and loud"),
                    Map.of("label", "Blue", "description", "Calm, matches the logo")))));

    @Test
    void aTypedTaskStreamsItsBashCallAndMarkdownAnswerIntoTheSession() {
        // The answer is held back 3 s, so the Bash card must arrive live while the run still works.
        MODEL.enqueue(Reply.bash("printf 'hello from poco\\n' > out.txt && cat out.txt", "Write out.txt"),
                Reply.text(ANSWER).delayFirstByte(Duration.ofSeconds(3)));
        WebElement input = chromium.visible(testId("composer-input"));
        chromium.screenshot("01-home");
        input.sendKeys("Write hello from poco into out.txt");
        input.sendKeys(Keys.ENTER);

        String sessionId = chromium.until(d -> sessionIdIn(d.getCurrentUrl()));
        assertThat(chromium.visible(testId("session-view")).getDomAttribute("data-session-id")).isEqualTo(sessionId);
        assertThat(chromium.visible(testId("message-user")).getText()).contains("Write hello from poco into out.txt");
        chromium.visible(By.cssSelector("[data-testid='tool-card'][data-tool-name='Bash'][data-state='done']"));
        assertThat(runStatus()).as("the tool call streamed in before the run ended").isIn(ACTIVE);

        chromium.visible(testId("run-status", "status", "completed"));
        WebElement table = chromium.visible(By.cssSelector("[data-testid='message-assistant'] table"));
        assertThat(table.findElements(By.tagName("th"))).extracting(WebElement::getText).containsExactly("File", "Content");
        assertThat(table.findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("out.txt", "hello from poco");
        WebElement answer = chromium.visible(testId("message-assistant"));
        assertThat(answer.findElement(By.tagName("strong")).getText()).isEqualTo("out.txt");
        assertThat(answer.getText()).contains("Run cat out.txt to see it.");
        chromium.visible(testId("run-footer", "outcome", "completed"));

        WebElement card = chromium.visible(testId("tool-card", "tool-name", "Bash"));
        assertThat(card.getText()).contains("printf 'hello from poco\\n' > out.txt");
        card.findElement(testId("tool-card-toggle")).click();
        WebElement output = chromium.visible(card, testId("tool-card-output"));
        assertThat(output.getDomAttribute("data-state")).isEqualTo("done");
        assertThat(output.getText()).contains("hello from poco");
        assertThat(chromium.present(testId("working-indicator"))).as("no spinner after the run").isFalse();
        chromium.visible(testId("session-item", "session-id", sessionId));
        chromium.screenshot("02-conversation-bash-expanded");

        assertThat(user.get("/api/v1/sessions/" + sessionId).ok().path("status").asString()).isEqualTo("completed");
    }

    /** Issue 13: what the agent's tool reached, and what the gate refused, shows on its card and in the list. */
    @Test
    void theGatesConnectionsShowOnTheToolCardAndInTheNetworkPanel() {
        try (Origin origin = Origin.text("origin says hi")) {
            String allowed = origin.hostPort();
            MODEL.enqueue(Reply.bash("curl -sS http://" + allowed + "/; curl -sS -o /dev/null"
                    + " http://127.0.0.1:9/ || true", "Fetch"), Reply.text("Fetched."));
            String sessionId = user.post("/api/v1/tasks", Map.of("prompt", "Fetch the origin", "config",
                    Map.of("network", Map.of("mode", "allowlist", "hosts", List.of(allowed))))).ok()
                    .path("session_id").asString();
            await().atMost(WAIT).until(() -> user.get("/api/v1/sessions/" + sessionId + "/network").ok().size() == 2);

            chromium.open(base + "/s/" + sessionId);
            chromium.visible(testId("run-status", "status", "completed"));
            WebElement card = chromium.visible(testId("tool-card", "tool-name", "Bash"));
            assertThat(card.findElement(testId("tool-network-chips")).getText()).contains("2");
            assertThat(card.findElement(testId("tool-network-refused")).getText()).contains("1");
            chromium.click(testId("network-toggle"));
            WebElement panel = chromium.visible(testId("network-panel"));
            List<WebElement> rows = panel.findElements(testId("network-row"));
            assertThat(rows).extracting(r -> r.getDomAttribute("data-allowed")).containsExactly("true", "false");
            assertThat(rows.get(1).getText()).contains("127.0.0.1:9 is not in the run's allowlist");
            chromium.screenshot("07-network-panel");
        }
    }

    /**
     * Issue 13: the composer's network choice reaches the run. A malformed host is refused in place (the prompt
     * kept); a corrected allowlist lets the agent's curl through the gate, and the session lists the connection.
     */
    @Test
    void aNetworkChosenInTheComposerReachesTheAgentAndABadHostIsRefusedInPlace() {
        try (Origin origin = Origin.text("composer origin says hi")) {
            MODEL.enqueue(Reply.bash("curl -sS " + origin.url() + "/", "Fetch"), Reply.text("Fetched."));
            new Select(chromium.visible(testId("composer-network"))).selectByValue("allowlist");
            WebElement hosts = chromium.visible(testId("composer-network-details-hosts"));
            hosts.sendKeys("https://pypi.org/simple");
            WebElement input = chromium.visible(testId("composer-input"));
            input.sendKeys("Fetch the composer origin");
            input.sendKeys(Keys.ENTER);
            assertThat(chromium.visible(testId("composer-network-details-error")).getText()).contains("not a URL");
            assertThat(input.getDomProperty("value")).as("the prompt is kept").isEqualTo("Fetch the composer origin");
            chromium.drainConsole(); // the browser logs the refused POST itself; that 400 is this test's point

            hosts.clear();
            hosts.sendKeys(origin.hostPort());
            input.sendKeys(Keys.ENTER);
            String sessionId = chromium.until(d -> sessionIdIn(d.getCurrentUrl()));
            chromium.visible(testId("run-status", "status", "completed"));
            await().atMost(WAIT).until(() -> user.get("/api/v1/sessions/" + sessionId + "/network").ok().size() == 1);
            JsonNode event = user.get("/api/v1/sessions/" + sessionId + "/network").ok().get(0);
            assertThat(event.path("allowed").asBoolean()).isTrue();
            assertThat(event.path("reason").asString()).isEqualTo("allowlist entry " + origin.hostPort());
        }
    }

    /**
     * Issue 13: a browser step's card shows the screenshot the runner uploaded for it (the steps whose result holds
     * an image, as take_screenshot's does), and the Computer panel replays the session's terminal command and browser
     * steps in order, the newest large with its screenshot; on a phone the panel is a tab.
     */
    @Test
    void aBrowserStepsScreenshotShowsOnItsCardAndTheComputerPanelReplaysTheSteps() {
        MODEL.enqueue(Reply.bash("printf 'page ready\\n'", "Prepare"),
                Reply.toolUse("mcp____poco_playwright__browser_navigate", Map.of("url",
                        "data:text/html,<h1 style='font-size:64px'>Hello from the agent's browser</h1>")),
                Reply.toolUse("mcp____poco_playwright__browser_take_screenshot", Map.of()),
                Reply.text("Looked."));
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", "Look at a page", "config",
                Map.of("browser_enabled", true))).ok().path("session_id").asString();
        await().atMost(WAIT).until(() -> !ACTIVE.contains(user.get("/api/v1/sessions/" + sessionId).ok()
                .path("status").asString()));

        chromium.open(base + "/s/" + sessionId);
        WebElement card = chromium.visible(testId("tool-card", "tool-name",
                "mcp____poco_playwright__browser_take_screenshot"));
        assertThat(card.getText()).contains("take screenshot");
        card.findElement(testId("tool-card-toggle")).click();
        WebElement shot = chromium.visible(card, testId("browser-shot", "state", "ready"));
        awaitLoaded(shot.findElement(By.tagName("img")));
        assertThat(shot.findElement(By.tagName("img")).getDomAttribute("src")).endsWith("/image");
        chromium.screenshot("08-browser-step");

        chromium.click(testId("computer-toggle"));
        WebElement panel = chromium.visible(testId("computer-panel"));
        List<WebElement> steps = panel.findElements(testId("computer-step"));
        assertThat(steps).extracting(s -> s.getDomAttribute("data-kind"))
                .containsExactly("terminal", "browser", "browser");
        assertThat(steps.get(0).getText()).contains("printf 'page ready");
        assertThat(steps.get(1).getText()).contains("navigate");
        assertThat(steps.get(2).getText()).contains("take screenshot");
        assertThat(steps.get(2).getDomAttribute("aria-current")).as("the newest step is shown").isEqualTo("step");
        WebElement view = chromium.visible(panel, testId("computer-view", "kind", "browser"));
        WebElement image = chromium.visible(view, testId("browser-shot", "state", "ready")).findElement(By.tagName("img"));
        awaitLoaded(image);
        chromium.screenshot("09-computer-panel-browser");

        steps.get(0).click();
        WebElement terminal = chromium.visible(panel, testId("computer-view", "kind", "terminal"));
        assertThat(terminal.findElement(By.cssSelector(".terminal-cmd")).getText()).startsWith("$ printf 'page ready");
        assertThat(terminal.findElement(testId("tool-card-output")).getText()).contains("page ready");
        chromium.screenshot("10-computer-panel-terminal");
        // navigate's result holds no image, so the runner uploaded none: the server answers "not ready" (404, as
        // poco's contract says) until the panel gives up and says so quietly. The browser logs each 404 itself.
        chromium.click(testId("computer-next"));
        WebElement navigate = chromium.visible(panel, testId("computer-view", "kind", "browser"));
        assertThat(navigate.getText()).contains("navigate");
        chromium.visible(navigate, testId("browser-shot", "state", "none"));
        chromium.drainConsole();

        try {
            chromium.phone(390, 844);
            chromium.open(base + "/s/" + sessionId);
            chromium.click(testId("computer-tab"));
            WebElement phoneView = chromium.visible(testId("computer-view", "kind", "browser"));
            awaitLoaded(chromium.visible(phoneView, testId("browser-shot", "state", "ready")).findElement(By.tagName("img")));
            assertThat(chromium.driver().findElements(testId("computer-step"))).hasSize(3);
            chromium.screenshot("11-phone-computer");
        } finally {
            chromium.desktop();
        }
    }

    /** Waits until the image has loaded and has pixels. */
    private void awaitLoaded(WebElement image) {
        chromium.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0", image)).intValue() > 0);
    }

    /**
     * Issue 13: the runner clones the task's repository, the agent edits it in the sandbox, and from the finished
     * session's page the user pushes the change to a new branch and opens a pull request; the token stays out of the
     * workspace.
     */
    @Test
    void aFinishedSessionsChangePushesToABranchAndOpensAPullRequestFromItsPage() throws Exception {
        String repo = "site-" + UUID.randomUUID().toString().substring(0, 8);
        GITHUB.repository("acme", repo, "main", Map.of("README.md", "# Site\n"));
        String secret = "GH_E2E_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        user.post("/api/v1/env-vars", Map.of("key", secret, "value", GITHUB_TOKEN)).ok();
        MODEL.enqueue(Reply.bash("printf 'Edited in the sandbox\\n' >> " + repo + "/README.md", "Edit the readme"),
                Reply.text("Edited."));
        String sessionId = user.post("/api/v1/tasks", Map.of("prompt", "Edit the readme", "config", Map.of(
                "repo_url", "https://github.com/acme/" + repo, "git_branch", "main", "git_token_env_key", secret)))
                .ok().path("session_id").asString();
        await().atMost(WAIT).until(() -> !ACTIVE.contains(user.get("/api/v1/sessions/" + sessionId).ok()
                .path("status").asString()));

        chromium.open(base + "/s/" + sessionId);
        chromium.visible(testId("run-status", "status", "completed"));
        chromium.click(testId("push-button"));
        WebElement dialog = chromium.visible(testId("push-dialog"));
        WebElement branch = dialog.findElement(testId("push-branch"));
        assertThat(branch.getDomProperty("value")).isEqualTo("poco/" + sessionId.substring(0, 8));
        branch.clear();
        branch.sendKeys("poco/e2e-readme");
        chromium.screenshot("12-push-dialog");
        dialog.findElement(testId("push-submit")).click();

        WebElement link = chromium.visible(testId("push-pr-link"));
        assertThat(link.getDomAttribute("href")).matches("https://github\\.com/acme/" + repo + "/pull/\\d+");
        chromium.screenshot("13-push-done");
        assertThat(GitHttpServer.git(GITHUB.bare("acme", repo), "show", "refs/heads/poco/e2e-readme:README.md"))
                .isEqualTo("# Site\nEdited in the sandbox\n");
        FakeGitHubApi.Request pull = GITHUB_API.requests.stream()
                .filter(r -> r.path().equals("/repos/acme/" + repo + "/pulls")).findFirst().orElseThrow();
        assertThat(pull.header("Authorization")).isEqualTo("Bearer " + GITHUB_TOKEN);
        assertThat(pull.body()).contains("\"head\":\"poco/e2e-readme\"").contains("\"base\":\"main\"");
        Path session = WorkspaceLayout.sessionDir(HOME.resolve("workspaces"), "default", UUID.fromString(sessionId));
        try (Stream<Path> files = Files.walk(session)) {
            assertThat(files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))).as("grep -r token")
                    .noneSatisfy(f -> assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .contains(GITHUB_TOKEN));
        }
    }

    @Test
    void theFileTheAgentWroteOpensFromTheFilesPanel() {
        MODEL.enqueue(Reply.toolUse("Write", Map.of("file_path", "/workspace/fizzbuzz.py", "content", FIZZBUZZ)),
                Reply.text("I wrote `fizzbuzz.py`; run it with `python3 fizzbuzz.py`."));
        String sessionId = runToEnd("Write a FizzBuzz in Python", "completed");

        chromium.open(base + "/s/" + sessionId);
        chromium.visible(testId("run-status", "status", "completed"));
        if (!chromium.present(testId("files-panel"))) {
            chromium.click(testId("files-toggle"));
        }
        chromium.click(testId("file-tree-item", "path", "/fizzbuzz.py"));
        WebElement preview = chromium.visible(testId("file-preview", "path", "/fizzbuzz.py"));
        chromium.until(d -> preview.getText().contains("return \"FizzBuzz\""));
        assertThat(preview.getText()).contains("fizzbuzz.py").contains("def fizzbuzz(n: int) -> str:");
        chromium.screenshot("04-files-preview");
    }

    @Test
    void aQuestionIsAnsweredInTheCardAndTheModelReceivesTheChoice() {
        MODEL.enqueue(Reply.toolUse("AskUserQuestion", COLOR_QUESTION), Reply.text("Blue it is."));
        String sessionId = startTask("Make a button");
        chromium.open(base + "/s/" + sessionId);

        // the question expires after 8 s in this context: answer promptly
        WebElement card = chromium.visible(testId("question-card"));
        assertThat(card.getText()).contains("Which color should the button be?").contains("Calm, matches the logo");
        chromium.screenshot("03-question-card");
        card.findElements(testId("question-option")).stream()
                .filter(option -> option.getText().contains("Blue"))
                .findFirst().orElseThrow()
                .click();
        chromium.click(testId("question-submit"));

        chromium.until(ExpectedConditions.invisibilityOfElementLocated(testId("question-card")));
        chromium.visible(testId("run-status", "status", "completed"));
        assertThat(chromium.visible(testId("message-assistant")).getText()).contains("Blue it is.");
        assertThat(chromium.visible(testId("tool-card", "tool-name", "AskUserQuestion")).getText())
                .contains("Which color should the button be?");
        chromium.screenshot("03b-question-answered");
        RecordedRequest next = MODEL.awaitMessageRequests(2, WAIT).get(1);
        assertThat(next.toolResultContent(next.toolResultIds().getFirst()).orElseThrow())
                .contains("Which color should the button be?").contains("Blue");
    }

    @Test
    void aQuestionWaitingInAnotherSessionLeadsTheTabTitleUntilItIsAnswered() {
        chromium.open(base + "/");
        chromium.until(d -> d.getTitle().equals("Poco"));
        MODEL.enqueue(Reply.toolUse("AskUserQuestion", COLOR_QUESTION), Reply.text("Red then."));
        String sessionId = startTask("Pick a color for me");

        // the user stream brings the question to the page the user is on
        chromium.until(d -> d.getTitle().equals("(1) Poco"));
        JsonNode question = await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(
                () -> user.get("/api/v1/user-input-requests?session_id=" + sessionId).ok(), q -> !q.isEmpty()).get(0);
        user.post("/api/v1/user-input-requests/" + question.path("id").asString() + "/answer",
                Map.of("answers", Map.of("Which color should the button be?", "Red"))).ok();
        chromium.until(d -> d.getTitle().equals("Poco"));
    }

    @Test
    void jAndKMoveBetweenThePromptsOfAConversation() {
        MODEL.enqueue(Reply.text("First answer."), Reply.text("Second answer."));
        String sessionId = runToEnd("First prompt", "completed");
        user.post("/api/v1/tasks", Map.of("prompt", "Second prompt", "session_id", sessionId)).ok();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> user.get("/api/v1/runs/session/"
                + sessionId).ok().findValuesAsString("status").stream().allMatch("completed"::equals));
        chromium.open(base + "/s/" + sessionId);
        chromium.until(d -> d.findElements(testId("message-user")).size() == 2);
        chromium.visible(testId("run-status", "status", "completed"));

        ((JavascriptExecutor) chromium.driver()).executeScript("document.activeElement.blur()"); // not in the composer
        var keys = new org.openqa.selenium.interactions.Actions(chromium.driver());
        keys.sendKeys("j").perform();
        assertThat(focusedPromptText()).isEqualTo("First prompt");
        keys.sendKeys("j").perform();
        assertThat(focusedPromptText()).isEqualTo("Second prompt");
        keys.sendKeys("k").perform();
        assertThat(focusedPromptText()).isEqualTo("First prompt");
    }

    private String focusedPromptText() {
        return chromium.until(d -> {
            WebElement focused = d.switchTo().activeElement();
            return "message-user".equals(focused.getAttribute("data-testid")) ? focused.getText() : null;
        });
    }

    @Test
    void theCancelButtonStopsASlowRun() {
        MODEL.enqueue(Reply.text("Far too late.").delayFirstByte(Duration.ofMinutes(2)));
        String sessionId = startTask("Think for a long time");
        chromium.open(base + "/s/" + sessionId);
        MODEL.awaitMessageRequests(1, WAIT);

        chromium.visible(testId("working-indicator"));
        chromium.click(testId("cancel-button"));
        chromium.visible(testId("run-status", "status", "canceled"));
        chromium.visible(testId("run-footer", "outcome", "canceled"));
        assertThat(chromium.present(testId("cancel-button"))).isFalse();
        assertThat(chromium.present(testId("working-indicator"))).as("no spinner after cancel").isFalse();
        chromium.screenshot("05-canceled");

        String runId = user.get("/api/v1/runs/session/" + sessionId).ok().get(0).path("run_id").asString();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                "canceled".equals(user.get("/api/v1/runs/" + runId).ok().path("status").asString()));
    }

    @Test
    void aConversationReadsWellOnAPhoneAndInTheDarkTheme() {
        MODEL.enqueue(Reply.bash("printf 'hello from poco\\n' > out.txt && cat out.txt", "Write out.txt"),
                Reply.text(ANSWER));
        String sessionId = runToEnd("Write hello from poco into out.txt", "completed");

        try {
            chromium.phone(390, 844);
            chromium.open(base + "/s/" + sessionId);
            expandBashCard();
            chromium.screenshot("06-phone-conversation");
            chromium.click(testId("files-tab"));
            chromium.click(testId("file-tree-item", "path", "/out.txt"));
            chromium.until(d -> d.findElement(testId("file-preview")).getText().contains("hello from poco"));
            chromium.screenshot("07-phone-file-preview");
        } finally {
            chromium.desktop();
        }

        try {
            chromium.colorScheme("dark");
            chromium.open(base + "/s/" + sessionId);
            expandBashCard();
            chromium.visible(By.cssSelector("[data-testid='message-assistant'] table"));
            chromium.screenshot("08-dark-conversation");
            chromium.open(base + "/");
            chromium.visible(testId("composer-input"));
            chromium.visible(testId("session-item", "session-id", sessionId));
            chromium.screenshot("09-dark-home");
        } finally {
            chromium.colorScheme(null);
        }
    }

    /**
     * Chromium keeps pages in its back/forward cache with their open fetches, and allows about six
     * connections per host: unless the UI closes its event streams on pagehide, the fourth full
     * page load on the origin waits a minute for a connection. The restored page must go live again.
     */
    @Test
    void fullPageLoadsStayFastAndAPageRestoredByBackIsLiveAgain() {
        MODEL.enqueue(Reply.text("First answer."));
        String sessionId = runToEnd("Say something", "completed");
        Duration quick = Duration.ofSeconds(10);

        for (int i = 0; i < 4; i++) {
            chromium.open(base + "/s/" + sessionId);
            chromium.visible(testId("run-status", "status", "completed"), quick);
            chromium.visible(testId("message-assistant"), quick);
            chromium.open(base + "/");
            chromium.visible(testId("session-item", "session-id", sessionId), quick);
        }

        chromium.driver().navigate().back();
        chromium.visible(testId("run-status", "status", "completed"), quick);
        MODEL.enqueue(Reply.text("Second answer."));
        user.post("/api/v1/tasks", Map.of("prompt", "And once more", "session_id", sessionId)).ok();
        chromium.until(d -> d.findElements(testId("message-assistant")).stream()
                .anyMatch(e -> e.getText().contains("Second answer.")));
        chromium.visible(testId("run-status", "status", "completed"));
    }

    private void expandBashCard() {
        chromium.visible(testId("run-status", "status", "completed"));
        WebElement card = chromium.visible(testId("tool-card", "tool-name", "Bash"));
        card.findElement(testId("tool-card-toggle")).click();
        chromium.until(d -> card.findElement(testId("tool-card-output")).getText().contains("hello from poco"));
    }

    private String runStatus() {
        return chromium.driver().findElement(testId("run-status")).getDomAttribute("data-status");
    }

    private String startTask(String prompt) {
        return user.post("/api/v1/tasks", Map.of("prompt", prompt)).ok().path("session_id").asString();
    }

    /** Posts a task as the browser's user and waits over REST until its session reaches {@code status}. */
    private String runToEnd(String prompt, String status) {
        String sessionId = startTask(prompt);
        JsonNode[] last = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = user.get("/api/v1/sessions/" + sessionId).ok();
            return !ACTIVE.contains(last[0].path("status").asString());
        });
        assertThat(last[0].path("status").asString()).as("session %s", last[0]).isEqualTo(status);
        return sessionId;
    }

    private static String sessionIdIn(String url) {
        Matcher m = SESSION_URL.matcher(url);
        return m.find() ? m.group(1) : null;
    }
}
