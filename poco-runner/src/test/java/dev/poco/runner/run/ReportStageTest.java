package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.AgentState;
import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.RunSpec;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server hears of the end exactly once, the way the outcome says, and never of a canceled run. */
class ReportStageTest extends StandInBase {

    private RunContext ctx;
    private final ReportStage stage = new ReportStage();

    @BeforeEach
    void openTheChannel() {
        ctx = context(RunSpec.of("hi"));
        stage.run(ctx);
    }

    @Test
    void theTerminalCallbackCarriesStatusProgressStateAndError() {
        ctx.outcome(new RunOutcome.Finished(CallbackStatus.COMPLETED, 100, AgentState.EMPTY, null, "completed"));

        stage.finish(ctx);

        assertThat(server.callbacks()).singleElement().satisfies(c -> {
            assertThat(c.path("status").asString()).isEqualTo("completed");
            assertThat(c.path("progress").asInt()).isEqualTo(100);
            assertThat(c.path("session_id").asString()).isEqualTo(ctx.sessionId().toString());
        });
        assertThat(server.requests("/fail")).isEmpty();
    }

    @Test
    void aRunThatNeverStartedIsFailed() {
        ctx.outcome(new RunOutcome.NotStarted("Could not prepare the workspace: x"));

        stage.finish(ctx);

        assertThat(server.requests("/fail")).singleElement().satisfies(r ->
                assertThat(r.body().path("error_message").asString()).isEqualTo("Could not prepare the workspace: x"));
        assertThat(server.callbacks()).isEmpty();
    }

    @Test
    void anUnreportedOutcomeSendsNothing() {
        ctx.outcome(new RunOutcome.Unreported("failed interrupted"));

        stage.finish(ctx);

        assertThat(server.requests).isEmpty();
    }

    @Test
    void aCanceledRunGetsNoTerminalCallback() {
        new KeepLeaseStage().run(ctx);
        server.cancel();
        await().atMost(Duration.ofSeconds(10)).until(ctx::canceled);
        ctx.outcome(new RunOutcome.Finished(CallbackStatus.FAILED, 10, null, "interrupted", "failed"));

        stage.finish(ctx);
        new KeepLeaseStage().finish(ctx);

        assertThat(server.callbacks()).isEmpty();
    }
}
