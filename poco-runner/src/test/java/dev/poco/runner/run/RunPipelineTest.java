package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.RunSpec;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's contract: stages in order, finishes in reverse for exactly the stages entered,
 * and the outcome a failing stage names decides how the server hears of it ({@code /fail} before
 * the agent started, the terminal callback after), through the real {@link ReportStage}.
 */
class RunPipelineTest extends StandInBase {

    private final List<String> trace = new CopyOnWriteArrayList<>();

    /** A stage that records its calls, and fails with {@code failure} when one is given. */
    private RunStage stage(String name, RuntimeException failure) {
        return new RunStage() {
            @Override
            public void run(RunContext ctx) {
                trace.add("run " + name);
                if (failure != null) {
                    throw failure;
                }
            }

            @Override
            public void finish(RunContext ctx) {
                trace.add("finish " + name);
            }
        };
    }

    private RunStage stage(String name) {
        return stage(name, null);
    }

    private RunContext context() {
        return context(RunSpec.of("hi"));
    }

    @Test
    void stagesRunInOrderAndFinishInReverse() {
        new RunPipeline(List.of(stage("a"), stage("b"), stage("c"))).execute(context());

        assertThat(trace).containsExactly("run a", "run b", "run c", "finish c", "finish b", "finish a");
    }

    @Test
    void aFailingStageStopsThePipelineAndOnlyEnteredStagesFinish() {
        RunContext ctx = context();
        RunOutcome outcome = new RunOutcome.NotStarted("no workspace");

        new RunPipeline(List.of(stage("a"), stage("b", new StageFailure(outcome)), stage("c"))).execute(ctx);

        assertThat(trace).containsExactly("run a", "run b", "finish b", "finish a");
        assertThat(ctx.outcome()).isEqualTo(outcome);
    }

    @Test
    void anUnexpectedExceptionIsARunnerFailure() {
        RunContext ctx = context();

        new RunPipeline(List.of(stage("a", new IllegalStateException("disk on fire")), stage("b"))).execute(ctx);

        assertThat(trace).containsExactly("run a", "finish a");
        assertThat(ctx.outcome()).isEqualTo(new RunOutcome.NotStarted("The runner failed: disk on fire"));
    }

    @Test
    void aFinishThatThrowsDoesNotKeepTheOthersFromFinishing() {
        RunStage broken = new RunStage() {
            @Override
            public void run(RunContext ctx) {}

            @Override
            public void finish(RunContext ctx) {
                throw new IllegalStateException("cannot close");
            }
        };

        new RunPipeline(List.of(stage("a"), broken, stage("c"))).execute(context());

        assertThat(trace).containsExactly("run a", "run c", "finish c", "finish a");
    }

    @Test
    void aFailureBeforeTheAgentStartsIsReportedWithFail() {
        new RunPipeline(List.of(new ReportStage(), stage("workspace",
                new StageFailure(new RunOutcome.NotStarted("Could not prepare the workspace: full"))))).execute(context());

        assertThat(server.requests("/fail")).singleElement().satisfies(r ->
                assertThat(r.body().path("error_message").asString()).isEqualTo("Could not prepare the workspace: full"));
        assertThat(server.callbacks()).isEmpty();
    }

    @Test
    void aFailureAfterTheAgentStartedIsTheTerminalCallback() {
        new RunPipeline(List.of(new ReportStage(), stage("sandbox", new StageFailure(new RunOutcome.Finished(
                CallbackStatus.FAILED, 40, null, "Could not run the agent: boom", "failed"))))).execute(context());

        assertThat(server.requests("/fail")).isEmpty();
        assertThat(server.callbacks()).singleElement().satisfies(callback -> {
            assertThat(callback.path("status").asString()).isEqualTo("failed");
            assertThat(callback.path("progress").asInt()).isEqualTo(40);
            assertThat(callback.path("error_message").asString()).isEqualTo("Could not run the agent: boom");
        });
    }

    @Test
    void theFactoryListsEveryStageOnceInRunOrder() {
        var client = new dev.poco.runner.server.ServerClient(server.base(), "t", TestRuns.JSON);
        var factory = new RunPipelineFactory(TestRuns.settings(scratch, null, null), client, null, null,
                new dev.poco.runner.export.WorkspaceExporter(client, scratch.resolve("exports")), TestRuns.budget(4));

        assertThat(factory.stages()).extracting(RunStage::name).containsExactly("StartRunStage", "ReportStage",
                "RequireCredentialsStage", "KeepLeaseStage", "PermissionRulesStage", "ResolveCapabilitiesStage",
                "LiveAgentStage", "PrepareWorkspaceStage", "CloneRepositoryStage", "LocalFoldersStage",
                "StageInputsStage", "StageCapabilitiesStage", "ExportWorkspaceStage",
                "StartGatewayStage", "StartEgressStage", "AdmitStage", "StartSandboxStage", "DriveCliStage");
    }
}
