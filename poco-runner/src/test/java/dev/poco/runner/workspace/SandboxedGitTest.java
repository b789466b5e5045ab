package dev.poco.runner.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SandboxedGitTest extends WorkspaceTestBase {

    @Test
    void aSandboxedGitStatusTakesMilliseconds() throws Exception {
        SessionWorkspace ws = prepare();
        for (int i = 0; i < 50; i++) {
            write(ws.workspace().resolve("src/f" + i + ".txt"), "line\n");
        }
        SandboxedGit git = new SandboxedGit(driver, GIT_TIMEOUT);
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            long start = System.nanoTime();
            SandboxedGit.Result result = git.git(ws, List.of("status", "--porcelain=v1", "-z"));
            if (i >= 3) { // the first runs warm the JIT and the page cache
                micros.add((System.nanoTime() - start) / 1000);
            }
            assertThat(result.exitCode()).as(result.stderrTail()).isZero();
        }
        List<Long> sorted = micros.stream().sorted().toList();
        Duration median = Duration.ofNanos(1000 * (sorted.get(9) + sorted.get(10)) / 2);
        long stateStart = System.nanoTime();
        manager.state(ws);
        Duration state = Duration.ofNanos(System.nanoTime() - stateStart);
        System.out.printf("sandboxed git status over 20 runs: median %d ms, min %d ms, max %d ms; state(): %d ms%n",
                median.toMillis(), sorted.getFirst() / 1000, sorted.getLast() / 1000, state.toMillis());

        assertThat(median).isLessThan(Duration.ofSeconds(1));
    }
}
