package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.poco.protocol.spec.RunSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepLeaseStageTest extends StandInBase {

    @Test
    void aCancelOnTheServerReachesTheRunThroughTheLease() {
        RunContext ctx = context(RunSpec.of("hi"));
        KeepLeaseStage stage = new KeepLeaseStage();
        stage.run(ctx);
        assertThat(ctx.canceled()).isFalse();

        server.cancel();

        await().atMost(Duration.ofSeconds(10)).until(ctx::canceled);
        stage.finish(ctx);
        assertThat(ctx.canceled()).as("stays canceled after the lease is closed").isTrue();
    }

    @Test
    void noLeaseMeansNotCanceled() {
        RunContext ctx = context(RunSpec.of("hi"));

        new KeepLeaseStage().finish(ctx);

        assertThat(ctx.canceled()).isFalse();
    }
}
