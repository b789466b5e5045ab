package dev.poco.runner.run;

import dev.poco.runner.RunnerSettings;
import dev.poco.runner.gateway.GatewayConfig;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.gateway.ModelGateway;
import dev.poco.runner.sandbox.GatewayEndpointKind;
import dev.poco.runner.sandbox.SandboxDriver;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the run's model gateway: the only way out to the model, adding the real credentials
 * outside the sandbox and metering tokens. Closed (with the usage logged) when the run is over.
 */
final class StartGatewayStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(StartGatewayStage.class);

    private final SandboxDriver sandboxes;

    StartGatewayStage(SandboxDriver sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public void run(RunContext ctx) {
        RunnerSettings settings = ctx.settings();
        // The driver knows what its sandboxes can reach: a bind-mounted Unix socket, or a TCP port.
        GatewayEndpoint endpoint = sandboxes.gatewayEndpointKind() == GatewayEndpointKind.UNIX
                ? new GatewayEndpoint.Unix(settings.gatewayDir()) : new GatewayEndpoint.Tcp("127.0.0.1", 0);
        try {
            ctx.gateway(ModelGateway.open(endpoint, ctx.runId().toString(),
                    GatewayConfig.of(settings.modelBaseUrl(), Objects.requireNonNull(settings.credential(),
                            "credential (RequireCredentialsStage comes first)"))));
        } catch (RuntimeException e) {
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, e), e);
        }
    }

    @Override
    public void finish(RunContext ctx) {
        ModelGateway gateway = ctx.gatewayOrNull();
        if (gateway != null) {
            log.info("Run {} used {} through the gateway", ctx.runId(), gateway.usage());
            gateway.close();
        }
    }
}
