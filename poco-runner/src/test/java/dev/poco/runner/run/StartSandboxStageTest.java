package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.PermissionMode;
import dev.poco.protocol.spec.Resume;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.sandbox.SandboxHandle;
import dev.poco.runner.sandbox.SandboxStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartSandboxStageTest extends RealWorkspaceBase {

    @Test
    void theCommandLineCarriesTheSpecsModeModelAndResume() {
        RunSpec spec = RunSpec.of("hi").withPermissionMode(PermissionMode.PLAN).withModel("claude-opus-4-1")
                .withResume(new Resume("sdk-7"));

        assertThat(StartSandboxStage.command(spec, TestRuns.settings(scratch, null, null)).argv())
                .containsSequence("--permission-mode", "plan").containsSequence("--model", "claude-opus-4-1")
                .containsSequence("--resume", "sdk-7");
        assertThat(StartSandboxStage.command(RunSpec.of("hi"), TestRuns.settings(scratch, null, null)).argv())
                .as("no model in the spec: the runner's default").containsSequence("--model", "claude-sonnet-4-6")
                .doesNotContain("--resume");
    }

    @Test
    void startsTheCliInASandboxAndStopsItWhenTheRunIsOver() {
        RunContext ctx = TestRuns.context(RunSpec.of("hi"),
                TestRuns.settings(scratch, null, new ClaudeCliLocator().locate()), server);
        new PrepareWorkspaceStage(workspaces).run(ctx);
        new StartGatewayStage(driver).run(ctx);
        StartSandboxStage stage = new StartSandboxStage(driver);

        stage.run(ctx);
        SandboxHandle handle = ctx.sandbox();
        assertThat(handle.status()).as("the CLI waits for its prompt on stdin").isEqualTo(SandboxStatus.RUNNING);

        stage.finish(ctx);
        new StartGatewayStage(driver).finish(ctx);
        await().atMost(Duration.ofSeconds(10)).until(() -> handle.onExit().isDone());
        assertThat(handle.status()).isNotEqualTo(SandboxStatus.RUNNING);
    }
}
