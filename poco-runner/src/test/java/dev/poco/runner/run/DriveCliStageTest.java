package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.claude.ClaudeCliLocator;
import dev.poco.runner.export.WorkspaceExporter;
import dev.poco.runner.live.LiveAgents;
import dev.poco.testkit.anthropic.FakeAnthropicServer;
import dev.poco.testkit.anthropic.Reply;
import dev.poco.runner.workspace.WorkspaceManager;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real pinned CLI in a real sandbox, reaching the testkit's fake model only through the run's
 * gateway: the stage reports every message and decides the outcome, with the final agent state.
 */
class DriveCliStageTest extends RealWorkspaceBase {

    private FakeAnthropicServer model;

    @BeforeEach
    void startModel() {
        model = new FakeAnthropicServer().start();
    }

    @AfterEach
    void stopModel() {
        model.close();
    }

    /** The stages a turn needs, the stage under test last, finished as the pipeline finishes them. */
    private RunContext drive(RunSpec spec) {
        RunContext ctx = TestRuns.context(spec, TestRuns.settings(scratch, URI.create(model.baseUrl()),
                new ClaudeCliLocator().locate()), server);
        new RunPipeline(List.of(new ReportStage(), new PrepareWorkspaceStage(workspaces), new StartGatewayStage(driver),
                new StartSandboxStage(driver), new DriveCliStage(workspaces, LiveAgents.off()))).execute(ctx);
        return ctx;
    }

    @Test
    void aTurnThatEndsWellCompletesWithTheWorkspaceChangesInItsFinalState() {
        model.enqueue(Reply.bash("echo hi > out.txt", "write a file"), Reply.text("Wrote out.txt"));

        RunContext ctx = drive(RunSpec.of("Write out.txt"));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class, done -> {
            assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED);
            assertThat(done.error()).isNull();
            assertThat(done.label()).isEqualTo("completed");
            assertThat(done.state().workspaceState().fileChanges()).extracting(c -> c.path()).contains("out.txt");
        });
        List<JsonNode> callbacks = server.callbacks();
        assertThat(callbacks).extracting(c -> c.path("new_message").path("_type").asString(""))
                .anyMatch(type -> type.contains("AssistantMessage"));
        assertThat(callbacks.getLast().path("status").asString()).isEqualTo("completed");
        assertThat(model.messageRequests()).allSatisfy(r ->
                assertThat(r.header("x-api-key")).contains(TestRuns.KEY));
    }

    /**
     * Issue 16: with {@code --include-partial-messages} the model's words reach the server as deltas while it still
     * writes, before the complete message, which stays the only thing reported as a message.
     */
    @Test
    void aSlowAnswerIsReportedAsDeltasBeforeItsCompleteMessage() {
        String answer = "Streaming shows each word of this answer as the model writes it.";
        model.enqueue(Reply.text(answer).delayBetweenEvents(Duration.ofMillis(120)));

        RunContext ctx = drive(RunSpec.of("Say something slowly"));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class,
                done -> assertThat(done.status()).isEqualTo(CallbackStatus.COMPLETED));
        List<StandInServer.Request> requests = server.requests.stream()
                .filter(r -> r.path().endsWith("/deltas") || r.path().startsWith("/api/v1/callback")).toList();
        int finalMessage = -1;
        for (int i = 0; i < requests.size() && finalMessage < 0; i++) {
            if (requests.get(i).body().toString().contains(answer)) {
                finalMessage = i;
            }
        }
        assertThat(finalMessage).as("the complete message was reported").isPositive();
        List<StandInServer.Request> early = requests.subList(0, finalMessage).stream()
                .filter(r -> r.path().endsWith("/deltas")).toList();
        assertThat(early).as("delta posts before the complete message").hasSizeGreaterThanOrEqualTo(2);
        StringBuilder streamed = new StringBuilder();
        for (StandInServer.Request post : early) {
            for (JsonNode delta : post.body().path("deltas")) {
                assertThat(delta.path("kind").asString()).isEqualTo("text");
                assertThat(delta.path("index").asInt()).isZero();
                assertThat(delta.path("message_id").asString()).startsWith("msg_");
                assertThat(delta.path("offset").asInt()).as("pieces follow each other").isEqualTo(streamed.length());
                streamed.append(delta.path("text").asString());
            }
        }
        assertThat(answer).startsWith(streamed.toString());
        assertThat(streamed.toString()).isNotEmpty();
        assertThat(server.callbacks()).extracting(c -> c.path("new_message").path("_type").asString(""))
                .as("stream events are never reported as messages").doesNotContain("StreamEvent");
        assertThat(server.callbacks()).extracting(c -> c.path("new_message").path("data").path("status").asString(""))
                .as("nor is the status line partial messages add before each request").doesNotContain("requesting");
    }

    @Test
    void anErrorOfTheModelFailsTheRunWithClaudeCodesMessage() {
        model.enqueue(Reply.error(400, "invalid_request_error", "prompt is too long"));

        RunContext ctx = drive(RunSpec.of("hi"));

        assertThat(ctx.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class, done -> {
            assertThat(done.status()).isEqualTo(CallbackStatus.FAILED);
            assertThat(done.error()).startsWith("Claude Code reported an error: ");
        });
        assertThat(server.callbacks().getLast().path("status").asString()).isEqualTo("failed");
    }

    @Test
    void aCancelDuringTheTurnStopsTheAgentReportsNothingAndLabelsTheSnapshotCanceled() throws Exception {
        model.enqueue(Reply.text("too late").delayFirstByte(Duration.ofSeconds(60)));
        RunContext ctx = TestRuns.context(RunSpec.of("take your time"), TestRuns.settings(scratch,
                URI.create(model.baseUrl()), new ClaudeCliLocator().locate()), server);
        RunPipeline pipeline = new RunPipeline(List.of(new ReportStage(), new KeepLeaseStage(),
                new PrepareWorkspaceStage(workspaces), new ExportWorkspaceStage(workspaces,
                new WorkspaceExporter(ctx.server(), scratch.resolve("exports"))), new StartGatewayStage(driver),
                new StartSandboxStage(driver), new DriveCliStage(workspaces, LiveAgents.off())));
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> pipeline.execute(ctx));
        model.awaitMessageRequests(1, Duration.ofSeconds(60));

        server.cancel();

        run.get(60, TimeUnit.SECONDS);
        assertThat(ctx.canceled()).isTrue();
        assertThat(server.callbacks()).extracting(c -> c.path("status").asString())
                .doesNotContain("completed", "failed");
        assertThat(git(ctx.workspace().workspace(), "log", "-1", "--format=%s",
                WorkspaceManager.resultTag(ctx.runId()))).isEqualTo("poco:run " + ctx.runId() + " canceled");
    }
}
