package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.spec.RunSpec;
import org.junit.jupiter.api.Test;

class StartRunStageTest extends StandInBase {

    private RunContext context() {
        return context(RunSpec.of("hi"));
    }

    @Test
    void startsTheRunWithTheServer() {
        RunContext ctx = context();

        new StartRunStage().run(ctx);

        assertThat(server.requests("/start")).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/api/v1/runs/" + ctx.runId() + "/start");
            assertThat(r.body().path("worker_id").asString()).isEqualTo("stage-test");
        });
    }

    @Test
    void aRunCanceledBeforeItStartedEndsQuietly() {
        server.startStatus = "canceled";

        assertThatThrownBy(() -> new StartRunStage().run(context())).isInstanceOfSatisfying(StageFailure.class,
                f -> assertThat(f.outcome()).isInstanceOf(RunOutcome.Unreported.class));
    }

    @Test
    void aServerThatCannotBeReachedEndsTheRunQuietly() {
        RunContext ctx = context();
        server.close();

        assertThatThrownBy(() -> new StartRunStage().run(ctx)).isInstanceOfSatisfying(StageFailure.class,
                f -> assertThat(f.outcome()).isInstanceOf(RunOutcome.Unreported.class));
    }
}
