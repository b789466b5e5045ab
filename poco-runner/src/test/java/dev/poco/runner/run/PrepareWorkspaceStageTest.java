package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.workspace.WorkspaceManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrepareWorkspaceStageTest extends RealWorkspaceBase {

    @Test
    void laysOutTheSessionWorkspaceTagsItsBaseAndLinksTheAgentsClaudeDirectory() throws Exception {
        RunContext ctx = prepared(RunSpec.of("hi"));

        assertThat(ctx.workspace().workspace()).isDirectory();
        assertThat(git(ctx.workspace().workspace(), "tag", "--list"))
                .contains(WorkspaceManager.baseTag(ctx.runId()));
        assertThat(Files.readSymbolicLink(ctx.workspace().home().resolve(".claude")))
                .isEqualTo(Path.of("/workspace/.claude_data"));
    }

    @Test
    void aWorkspaceThatCannotBeCreatedFailsTheRunBeforeTheAgentStarts() throws Exception {
        Path blocked = Files.writeString(scratch.resolve("not-a-directory"), "x");
        var manager = new WorkspaceManager(blocked, driver, Duration.ofSeconds(30));
        RunContext ctx = context(RunSpec.of("hi"));

        assertThatThrownBy(() -> new PrepareWorkspaceStage(manager).run(ctx)).isInstanceOfSatisfying(
                StageFailure.class, f -> assertThat(f.outcome()).isInstanceOfSatisfying(RunOutcome.NotStarted.class,
                        n -> assertThat(n.error()).startsWith("Could not prepare the workspace: ")));
    }
}
