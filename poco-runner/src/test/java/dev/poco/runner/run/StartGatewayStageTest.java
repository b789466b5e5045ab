package dev.poco.runner.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poco.protocol.CallbackStatus;
import dev.poco.protocol.spec.RunSpec;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.sandbox.BubblewrapOptions;
import dev.poco.runner.sandbox.BubblewrapSandboxDriver;
import dev.poco.runner.sandbox.UnsandboxedDriver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StartGatewayStageTest extends StandInBase {

    private BubblewrapSandboxDriver bubblewrap;

    @BeforeEach
    void driver() {
        bubblewrap = new BubblewrapSandboxDriver(BubblewrapOptions.defaults().withStateDir(scratch.resolve("state")));
    }

    @AfterEach
    void closeDriver() {
        bubblewrap.close();
    }

    @Test
    void opensTheRunsGatewaySocketAndClosesItWhenTheRunIsOver() {
        RunContext ctx = context(RunSpec.of("hi"));
        StartGatewayStage stage = new StartGatewayStage(bubblewrap);

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

        assertThatThrownBy(() -> new StartGatewayStage(bubblewrap).run(ctx)).isInstanceOfSatisfying(StageFailure.class,
                f -> assertThat(f.outcome()).isInstanceOfSatisfying(RunOutcome.Finished.class, done -> {
                    assertThat(done.status()).isEqualTo(CallbackStatus.FAILED);
                    assertThat(done.error()).startsWith("Could not run the agent: ");
                }));
    }

    @Test
    void aDriverWithoutSocketMountsGetsTheGatewayOnALoopbackPort() {
        RunContext ctx = context(RunSpec.of("hi"));
        StartGatewayStage stage = new StartGatewayStage(new UnsandboxedDriver());

        stage.run(ctx);
        try {
            assertThat(ctx.gateway().endpoint()).isInstanceOfSatisfying(GatewayEndpoint.Tcp.class,
                    tcp -> assertThat(tcp.port()).isPositive());
            assertThat(ctx.gateway().sandboxEnvironment()).containsKey("ANTHROPIC_BASE_URL");
        } finally {
            stage.finish(ctx);
        }
    }
}
