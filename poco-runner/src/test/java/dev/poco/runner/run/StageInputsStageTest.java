package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.spec.InputFile;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.workspace.StagedInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageInputsStageTest extends RealWorkspaceBase {

    @Test
    void downloadsAttachmentsThroughTheServerAndOnlyListsLinks() throws Exception {
        server.attachments.put("attachments/user-1/a1/file", "hello".getBytes(StandardCharsets.UTF_8));
        RunContext ctx = prepared(RunSpec.of("read it").withInputFiles(List.of(
                new InputFile.Attachment("a1", "notes.txt", "attachments/user-1/a1/file", 5L, "text/plain"),
                new InputFile.Url(null, "docs", "https://example.com/docs"))));

        new StageInputsStage(workspaces).run(ctx);

        assertThat(ctx.stagedInputs()).containsExactly(
                new StagedInput("notes.txt", "/workspace/inputs/notes.txt", 5),
                new StagedInput("docs", "https://example.com/docs", -1));
        assertThat(ctx.workspace().inputs().resolve("notes.txt")).hasContent("hello");
    }

    @Test
    void noInputsStageNothingAndAskNothing() throws Exception {
        RunContext ctx = prepared(RunSpec.of("hi"));

        new StageInputsStage(workspaces).run(ctx);

        assertThat(ctx.stagedInputs()).isEmpty();
        assertThat(server.requests("/attachments/content")).isEmpty();
    }

    @Test
    void anAttachmentTheServerDoesNotHaveFailsTheRunBeforeTheAgentStarts() throws Exception {
        RunContext ctx = prepared(RunSpec.of("hi").withInputFiles(List.of(
                new InputFile.Attachment(null, "gone.txt", "attachments/user-1/gone/file", null, null))));

        assertThatThrownBy(() -> new StageInputsStage(workspaces).run(ctx)).isInstanceOfSatisfying(
                StageFailure.class, f -> assertThat(f.outcome()).isInstanceOfSatisfying(RunOutcome.NotStarted.class,
                        n -> assertThat(n.error()).startsWith("Could not prepare the workspace: ")
                                .contains("gone")));
    }
}
