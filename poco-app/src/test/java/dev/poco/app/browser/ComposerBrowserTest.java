package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.WorkspaceLayout;
import dev.poco.testkit.anthropic.RecordedRequest;
import dev.poco.testkit.anthropic.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16: the home composer in a real browser against the whole product (real server, runner and CLI; only the
 * model is scripted). Shift+Tab puts the composer in plan mode and the run really starts in it; a file dropped on
 * the composer and an image pasted into it reach the agent's {@code inputs/}; an MCP server switched off in the
 * tools popover is left out of the run while the other one is started. The scheduled mode makes a scheduled task
 * instead of a run.
 */
class ComposerBrowserTest extends ChromiumTest {

    private static final Pattern SESSION_URL = Pattern.compile("/s/([0-9a-f-]{36})$");
    /** A 1×1 PNG, as a screenshot pasted from the clipboard would be. */
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    @Test
    void shiftTabStartsThePlanModeRunWithTheDroppedAndPastedFilesAndOnlyTheToolsLeftOn() throws IOException {
        String notes = "The launch code word is " + UUID.randomUUID();
        List<Integer> servers = new ArrayList<>();
        try {
            int kept = mcpServer("keepecho");
            servers.add(kept);
            int dropped = mcpServer("dropecho");
            servers.add(dropped);
            MODEL.enqueue(Reply.toolUse("Read", Map.of("file_path", "/workspace/inputs/notes.txt")),
                    Reply.toolUse("Glob", Map.of("pattern", "inputs/*")),
                    Reply.text("Plan: 1. use the code word from notes.txt. 2. keep image.png as the logo."));

            WebElement input = chromium.visible(testId("composer-input"));
            chromium.visible(testId("composer-mode", "mode", "task"));
            input.sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
            chromium.visible(testId("composer-mode", "mode", "plan"));
            assertThat(chromium.driver().switchTo().activeElement().getDomAttribute("data-testid"))
                    .as("Shift+Tab changes the mode, not the focus").isEqualTo("composer-input");
            assertThat(chromium.visible(testId("composer")).findElement(testId("composer-mode-announcement"))
                    .getDomProperty("textContent")).startsWith("Plan mode.");

            // a file dragged over the composer shows the drop zone; dropped, it uploads
            js("""
                    const dt = new DataTransfer();
                    dt.items.add(new File([arguments[0]], 'notes.txt', {type: 'text/plain'}));
                    window.__drag = dt;
                    document.querySelector("[data-testid='composer']").dispatchEvent(
                        new DragEvent('dragenter', {bubbles: true, cancelable: true, dataTransfer: dt}));
                    """, notes);
            chromium.visible(testId("composer-drop-zone"));
            chromium.screenshot("composer-01-drop-zone");
            js("""
                    const target = document.querySelector("[data-testid='composer']");
                    for (const type of ['dragover', 'drop']) {
                      target.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: window.__drag}));
                    }
                    """);
            // an image pasted from the clipboard uploads too
            js("""
                    const bytes = Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0));
                    const dt = new DataTransfer();
                    dt.items.add(new File([bytes], 'image.png', {type: 'image/png'}));
                    document.querySelector("[data-testid='composer-input']").dispatchEvent(
                        new ClipboardEvent('paste', {bubbles: true, cancelable: true, clipboardData: dt}));
                    """, PNG);
            chromium.until(d -> d.findElements(testId("attachment-chip", "status", "done")).size() == 2);
            assertThat(chromium.present(testId("composer-drop-zone"))).isFalse();

            // the tools popover lists both enabled servers, on; one is switched off for this task
            chromium.click(testId("composer-tools"));
            WebElement panel = chromium.visible(testId("composer-tools-panel"));
            chromium.visible(panel, testId("composer-tool", "name", "keepecho"));
            WebElement drop = chromium.visible(panel, testId("composer-tool", "name", "dropecho"));
            assertThat(drop.isSelected()).isTrue();
            drop.click();
            assertThat(drop.isSelected()).isFalse();
            chromium.screenshot("composer-02-tools-popover");
            drop.sendKeys(Keys.ESCAPE);
            assertThat(chromium.present(testId("composer-tools-panel"))).isFalse();
            assertThat(chromium.visible(testId("composer-tools")).getText()).contains("1 off");

            input.sendKeys("Read my notes and plan the launch");
            input.sendKeys(Keys.ENTER);
            String sessionId = chromium.until(d -> sessionIdIn(d.getCurrentUrl()));
            chromium.visible(testId("run-status", "status", "completed"), Duration.ofSeconds(120));
            assertThat(chromium.visible(testId("message-assistant")).getText()).contains("use the code word");

            // the server took the task in plan mode, with both files and only the server left on
            JsonNode run = user.get("/api/v1/runs/session/" + sessionId).ok().get(0);
            assertThat(run.path("permission_mode").asString()).isEqualTo("plan");
            JsonNode snapshot = run.path("config_snapshot");
            assertThat(ints(snapshot.path("mcp_server_ids"))).containsExactly(kept);
            assertThat(snapshot.path("input_files").findValuesAsString("name")).containsExactly("notes.txt", "image.png");

            // the CLI started in plan mode with only the kept server
            JsonNode init = initLine(sessionId);
            assertThat(init.path("permissionMode").asString()).isEqualTo("plan");
            assertThat(init.path("mcp_servers").toString()).contains("keepecho").doesNotContain("dropecho");

            // the agent read the dropped file and saw the pasted image in inputs/
            List<RecordedRequest> requests = MODEL.requests();
            assertThat(requests).anySatisfy(r -> assertThat(r.body()).contains(notes));
            assertThat(requests).anySatisfy(r -> assertThat(r.body()).contains("inputs/image.png"));
            Path image = WorkspaceLayout.workspace(HOME.resolve("workspaces"), "default", UUID.fromString(sessionId)).resolve("inputs").resolve("image.png");
            assertThat(Files.readAllBytes(image)).isEqualTo(Base64.getDecoder().decode(PNG));
            chromium.screenshot("composer-03-plan-run");
        } finally {
            servers.forEach(id -> user.delete("/api/v1/mcp-servers/" + id));
        }
    }

    @Test
    void theScheduledModeCreatesAScheduledTaskFromThePromptInsteadOfARun() {
        WebElement input = chromium.visible(testId("composer-input"));
        input.sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        input.sendKeys(Keys.chord(Keys.SHIFT, Keys.TAB));
        chromium.visible(testId("composer-mode", "mode", "scheduled"));
        chromium.click(testId("composer-browser"));
        input.sendKeys("Collect the weekly numbers");
        input.sendKeys(Keys.ENTER);

        WebElement dialog = chromium.visible(testId("schedule-dialog"));
        assertThat(dialog.findElement(testId("schedule-name")).getDomProperty("value"))
                .isEqualTo("Collect the weekly numbers");
        assertThat(dialog.findElement(testId("schedule-prompt")).getDomProperty("value"))
                .isEqualTo("Collect the weekly numbers");
        dialog.findElements(testId("schedule-preset")).get(3).click(); // weekly
        chromium.click(testId("cap-save"));

        chromium.visible(testId("schedules-page"));
        chromium.visible(testId("schedule-item", "name", "Collect the weekly numbers"));
        JsonNode all = user.get("/api/v1/scheduled-tasks").ok();
        JsonNode created = null;
        for (JsonNode t : all) {
            if (t.path("name").asString().equals("Collect the weekly numbers")) {
                created = t;
            }
        }
        assertThat(created).isNotNull();
        assertThat(created.path("cron").asString()).isEqualTo("0 9 * * 1");
        assertThat(user.get("/api/v1/sessions").ok().toString()).as("no run was started")
                .doesNotContain("Collect the weekly numbers");
        user.delete("/api/v1/scheduled-tasks/" + created.path("scheduled_task_id").asString());
    }

    /**
     * The repository dialog: a private repository, its branch and the token's secret chosen from the user's secrets
     * by name; the runner clones it with the token and the agent reads it.
     */
    @Test
    void aPrivateRepositoryChosenInTheDialogIsClonedForTheAgent() throws Exception {
        String repo = "composer-" + UUID.randomUUID().toString().substring(0, 8);
        String marker = "notes-" + UUID.randomUUID();
        String readme = "# Private " + marker + "\n";
        GITHUB.repository("acme", repo, "main", Map.of("README.md", readme));
        String secret = "GH_COMPOSER_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        JsonNode created = user.post("/api/v1/env-vars", Map.of("key", secret, "value", GITHUB_TOKEN)).ok();
        try {
            MODEL.enqueue(Reply.bash("cat " + repo + "/README.md", "Read the readme"), Reply.text("Read it."));

            chromium.click(testId("composer-repo"));
            WebElement dialog = chromium.visible(testId("repo-dialog"));
            WebElement url = dialog.findElement(testId("repo-url"));
            url.sendKeys("github.com/acme/" + repo);
            assertThat(dialog.findElement(testId("cap-save")).isEnabled()).as("not a URL yet").isFalse();
            url.clear();
            url.sendKeys("https://github.com/acme/" + repo);
            chromium.until(d -> !dialog.findElements(testId("repo-token")).isEmpty()
                    && dialog.findElement(testId("repo-token")).getText().contains(secret));
            new Select(dialog.findElement(testId("repo-token"))).selectByValue(secret);
            chromium.screenshot("composer-04-repository-dialog");
            chromium.click(testId("cap-save"));
            assertThat(chromium.visible(testId("composer-repo-chip")).getText()).contains("acme/" + repo);

            WebElement input = chromium.visible(testId("composer-input"));
            input.sendKeys("What do my notes say?");
            input.sendKeys(Keys.ENTER);
            String sessionId = chromium.until(d -> sessionIdIn(d.getCurrentUrl()));
            chromium.visible(testId("run-status", "status", "completed"), Duration.ofSeconds(120));

            JsonNode snapshot = user.get("/api/v1/runs/session/" + sessionId).ok().get(0).path("config_snapshot");
            assertThat(snapshot.path("repo_url").asString()).isEqualTo("https://github.com/acme/" + repo);
            assertThat(snapshot.path("git_branch").asString()).isEqualTo("main");
            assertThat(snapshot.path("git_token_env_key").asString()).isEqualTo(secret);
            assertThat(MODEL.requests()).as("the agent read the private clone")
                    .anySatisfy(r -> assertThat(r.body()).contains(marker));
        } finally {
            user.delete("/api/v1/env-vars/" + created.path("id").asInt());
        }
    }

    private int mcpServer(String name) throws IOException {
        JsonNode server = user.post("/api/v1/mcp-servers", Map.of("name", name, "server_config",
                Map.of("mcpServers", Map.of(name, Map.of("command", "node", "args", List.of("-e", echoScript())))))).ok();
        int id = server.path("id").asInt();
        user.post("/api/v1/mcp-installs", Map.of("server_id", id, "enabled", true)).ok();
        return id;
    }

    private static String echoScript() throws IOException {
        try (InputStream in = ComposerBrowserTest.class.getResourceAsStream("/e2e/echo-mcp-server.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private JsonNode initLine(String sessionId) {
        for (JsonNode message : user.get("/api/v1/sessions/" + sessionId + "/messages").ok()) {
            JsonNode content = message.path("content");
            if (content.path("subtype").asString("").equals("init")) {
                return content.path("data");
            }
        }
        throw new AssertionError("no system/init message in session " + sessionId);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) chromium.driver()).executeScript(script, args);
    }

    private static String sessionIdIn(String url) {
        Matcher m = SESSION_URL.matcher(url);
        return m.find() ? m.group(1) : null;
    }
}
