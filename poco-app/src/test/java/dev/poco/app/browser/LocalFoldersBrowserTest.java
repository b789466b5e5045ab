package dev.poco.app.browser;

import static dev.poco.app.browser.Chromium.testId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.testkit.anthropic.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Issue 13, part 5 in a real browser: a read-write folder attached in the composer reaches the agent as its own
 * worktree, and the session page shows the agent's diff and merges it into the repository's branch.
 */
class LocalFoldersBrowserTest extends ChromiumTest {

    private static final Pattern SESSION_URL = Pattern.compile("/s/([0-9a-f-]{36})$");

    @Test
    void aFolderAttachedInTheComposerIsReviewedAndMergedFromTheSessionPage() throws Exception {
        String name = "web-" + UUID.randomUUID().toString().substring(0, 8);
        Path repo = Files.createDirectories(LOCAL_FOLDERS.resolve(name));
        sh(repo, "git init -q -b main && echo hello > README && git add README && git commit -qm init");
        MODEL.enqueue(Reply.bash("cd /mnt/" + name + " && echo 'from the browser test' > agent.txt", "Write"),
                Reply.text("Wrote agent.txt."));

        chromium.visible(testId("folder-add")).click();
        WebElement path = chromium.visible(By.cssSelector("input[aria-label='Folder on this machine']"));
        path.clear();
        path.sendKeys(repo.toString());
        new Select(chromium.visible(By.cssSelector("select[aria-label='Access']"))).selectByValue("rw");
        chromium.visible(By.xpath("//button[normalize-space()='Attach']")).click();
        assertThat(chromium.visible(testId("folder-chip")).getText()).contains(name).contains("read-write");
        WebElement input = chromium.visible(testId("composer-input"));
        input.sendKeys("Write agent.txt in the folder");
        input.sendKeys(Keys.ENTER);

        chromium.until(d -> sessionIdIn(d.getCurrentUrl()));
        chromium.visible(testId("run-status", "status", "completed"));
        WebElement review = chromium.visible(testId("folder-review"));
        chromium.until(d -> review.getText().contains("Review 1 changed files") ? true : null);
        review.click();
        assertThat(chromium.visible(testId("folder-files")).getText()).contains("agent.txt");
        assertThat(chromium.visible(testId("folder-diff")).getText()).contains("+from the browser test");
        chromium.screenshot("09-local-folder-review");
        chromium.visible(testId("folder-merge")).click();
        assertThat(chromium.visible(testId("folder-merge-notice")).getText()).startsWith("Merged poco/")
                .endsWith("into main");
        assertThat(repo.resolve("agent.txt")).hasContent("from the browser test");
    }

    private static String sessionIdIn(String url) {
        Matcher m = SESSION_URL.matcher(url);
        return m.find() ? m.group(1) : null;
    }

    static void sh(Path dir, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("GIT_AUTHOR_NAME", "t", "GIT_AUTHOR_EMAIL", "t@t", "GIT_COMMITTER_NAME",
                "t", "GIT_COMMITTER_EMAIL", "t@t"));
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
    }
}
