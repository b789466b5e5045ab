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
 * outside the sandbox and metering tokens. Closed (with the usage logged) when the run is over,
 * unless the run's live agent keeps it for the session's next run. A run on a live agent uses the
 * agent's gateway; its usage is what the gateway counted since the run began.
 */
final class StartGatewayStage implements RunStage {

    private static final Logger log = LoggerFactory.getLogger(StartGatewayStage.class);

    private final SandboxDriver sandboxes;

    StartGatewayStage(SandboxDriver sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public void run(RunContext ctx) {
        if (ctx.gatewayOrNull() != null) {
            return; // the live agent's
        }
        try {
            ctx.gateway(open(sandboxes, ctx.settings(), ctx.runId().toString()));
        } catch (RuntimeException e) {
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, e), e);
        }
    }

    /** A gateway for sandboxes of {@code sandboxes}, named {@code id} in logs; also for pooled agents. */
    static ModelGateway open(SandboxDriver sandboxes, RunnerSettings settings, String id) {
        // The driver knows what its sandboxes can reach: a bind-mounted Unix socket, or a TCP port.
        GatewayEndpoint endpoint = sandboxes.gatewayEndpointKind() == GatewayEndpointKind.UNIX
                ? new GatewayEndpoint.Unix(settings.gatewayDir())
                : new GatewayEndpoint.Tcp(sandboxes.gatewayHost(), 0);
        return ModelGateway.open(endpoint, id, GatewayConfig.of(settings.modelBaseUrl(), Objects.requireNonNull(
                settings.credential(), "credential (RequireCredentialsStage comes first)")));
    }

    @Override
    public void finish(RunContext ctx) {
        ModelGateway gateway = ctx.gatewayOrNull();
        if (gateway != null) {
            log.info("Run {} used {} through the gateway", ctx.runId(), ctx.meteredUsage());
            if (!ctx.keepAlive()) {
                gateway.close();
            }
        }
    }
}
