package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.server.ServerClient;
import dev.poco.runner.workspace.WorkspaceManager;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExportWorkspaceStageTest extends RealWorkspaceBase {

    @Test
    void finishingCommitsAndTagsTheResultLabelledWithTheOutcome() throws Exception {
        RunContext ctx = prepared(RunSpec.of("hi"));
        ExportWorkspaceStage stage = new ExportWorkspaceStage(workspaces, exporter());
        stage.run(ctx);
        Files.writeString(ctx.workspace().workspace().resolve("answer.txt"), "42");
        ctx.outcome(new RunOutcome.Finished(CallbackStatus.COMPLETED, 100, null, null, "plan-rejected"));

        stage.finish(ctx);

        String tag = WorkspaceManager.resultTag(ctx.runId());
        assertThat(git(ctx.workspace().workspace(), "log", "-1", "--format=%s", tag))
                .isEqualTo("poco:run " + ctx.runId() + " plan-rejected");
        assertThat(git(ctx.workspace().workspace(), "show", tag + ":answer.txt")).isEqualTo("42");
        // then the export through the server: this stand-in has no export endpoint, so it is tried and reported failed
        assertThat(server.requests("/api/v1/internal/sessions/" + ctx.sessionId() + "/workspace/export"))
                .extracting(StandInServer.Request::method).containsExactly("GET", "POST");
    }

    @Test
    void aCanceledRunIsLabelledCanceledWhateverItsOutcome() throws Exception {
        RunContext ctx = prepared(RunSpec.of("hi"));
        new KeepLeaseStage().run(ctx);
        server.cancel();
        await().atMost(Duration.ofSeconds(10)).until(ctx::canceled);

        new ExportWorkspaceStage(workspaces, exporter()).finish(ctx);
        new KeepLeaseStage().finish(ctx);

        assertThat(git(ctx.workspace().workspace(), "log", "-1", "--format=%s", WorkspaceManager.resultTag(ctx.runId())))
                .isEqualTo("poco:run " + ctx.runId() + " canceled");
    }

    private WorkspaceExporter exporter() {
        return new WorkspaceExporter(new ServerClient(server.base(), "t", TestRuns.JSON), scratch.resolve("exports"));
    }
}
