package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.RunSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StartGatewayStageTest extends StandInBase {

    @Test
    void opensTheRunsGatewaySocketAndClosesItWhenTheRunIsOver() {
        RunContext ctx = context(RunSpec.of("hi"));
        StartGatewayStage stage = new StartGatewayStage();

        stage.run(ctx);
        Path socket = ctx.gateway().socketPath();
        assertThat(socket).exists().startsWith(scratch.resolve("gw"));

        stage.finish(ctx);
        assertThat(socket).doesNotExist();
    }

    @Test
    void aGatewayThatCannotOpenFailsTheRunWithTheTerminalCallback() throws Exception {
        Files.writeString(scratch.resolve("gw"), "a file where the socket directory goes");
        RunContext ctx = context(RunSpec.of("hi"));

        assertThatThrownBy(() -> new StartGatewayStage().run(ctx)).isInstanceOfSatisfying(StageFailure.class,
                f -> assertThat(f.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class, done -> {
                    assertThat(done.status()).isEqualTo(CallbackStatus.FAILED);
                    assertThat(done.error()).startsWith("Could not run the agent: ");
                }));
    }
}
