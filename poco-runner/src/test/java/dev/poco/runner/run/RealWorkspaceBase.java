package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.workspace.WorkspaceManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Real bubblewrap, real git through the workspace manager, and the stand-in server, as a run uses them. */
abstract class RealWorkspaceBase extends StandInBase {

    BubblewrapSandboxDriver driver;
    WorkspaceManager workspaces;

    @BeforeEach
    void startParts() throws IOException {
        assertThat(Path.of("/usr/bin/bwrap")).as("bubblewrap is required: apt-get install bubblewrap").isExecutable();
        driver = new BubblewrapSandboxDriver(BubblewrapOptions.defaults().withStateDir(scratch.resolve("state")));
        workspaces = new WorkspaceManager(Files.createDirectories(scratch.resolve("workspaces")), driver,
                Duration.ofSeconds(30));
    }

    @AfterEach
    void stopParts() {
        driver.close();
    }

    /** A context whose workspace {@link PrepareWorkspaceStage} has prepared, its base snapshot done. */
    RunContext prepared(RunSpec spec) throws InterruptedException {
        RunContext ctx = context(spec);
        new PrepareWorkspaceStage(workspaces).run(ctx);
        PrepareWorkspaceStage.awaitBaseSnapshot(ctx);
        return ctx;
    }

    /** Host git, read-only questions about a repository the test's run wrote. */
    static String git(Path dir, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "safe.directory=*",
                "-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false"));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", argv, output).isZero();
        return output.strip();
    }
}
