package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Git run in the sandbox sees the workspace. How long it takes is measured by {@code ./poco bench}, not here. */
class SandboxedGitTest extends WorkspaceTestBase {

    @Test
    void aSandboxedGitStatusListsTheWorkspaceFiles() throws Exception {
        SessionWorkspace ws = prepare();
        for (int i = 0; i < 50; i++) {
            write(ws.workspace().resolve("src/f" + i + ".txt"), "line\n");
        }
        SandboxedGit git = new SandboxedGit(driver, GIT_TIMEOUT);

        SandboxedGit.Result result = git.git(ws, List.of("status", "--porcelain=v1", "-z", "--untracked-files=all"));

        assertThat(result.exitCode()).as(result.stderrTail()).isZero();
        assertThat(Arrays.stream(new String(result.stdout(), StandardCharsets.UTF_8).split("\0")).filter(e -> e.startsWith("?? src/f")))
                .hasSize(50);
    }
}
