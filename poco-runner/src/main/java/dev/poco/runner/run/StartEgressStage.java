package dev.poco.runner.run;

import dev.poco.protocol.spec.NetworkPolicy;
import dev.poco.runner.egress.EgressGate;
import dev.poco.runner.egress.EgressRules;
import dev.poco.runner.egress.NodeBinary;
import dev.poco.runner.gateway.GatewayEndpoint;
import dev.poco.runner.sandbox.GatewayEndpointKind;
import dev.poco.runner.sandbox.SandboxDriver;

/**
 * Opens the run's egress gate when its network policy is not {@code none} (issue 13): the sandbox then gets the proxy
 * variables and its command is started through the relay ({@link StartSandboxStage}). A run with policy {@code none}
 * has no gate, no relay and no proxy variables: a sandbox with no network at all, as before. Closed, with its events
 * sent, when the run is over.
 */
final class StartEgressStage implements RunStage {

    private final SandboxDriver sandboxes;

    StartEgressStage(SandboxDriver sandboxes) {
        this.sandboxes = sandboxes;
    }

    @Override
    public void run(RunContext ctx) {
        NetworkPolicy policy = ctx.spec().network();
        if (policy instanceof NetworkPolicy.None) {
            return;
        }
        boolean unix = sandboxes.gatewayEndpointKind() == GatewayEndpointKind.UNIX;
        if (unix && NodeBinary.locate(ctx.settings().nodeBinary()).isEmpty()) {
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, new IllegalStateException(
                    "the run's network policy needs Node.js on the runner's host, to relay the sandbox's connections"
                            + " to its egress gate; install Node.js (it is on the PATH of a Poco host already when"
                            + " npm installed Claude Code) or set POCO_RUNNER_NODE_BIN")), null);
        }
        EgressRules rules;
        try {
            rules = EgressRules.of(policy);
        } catch (IllegalArgumentException e) {
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, e), e);
        }
        NetworkEventReporter events = new NetworkEventReporter(ctx.server(), ctx.runId());
        try {
            GatewayEndpoint where = unix ? new GatewayEndpoint.Unix(ctx.settings().gatewayDir())
                    : new GatewayEndpoint.Tcp(sandboxes.gatewayHost(), 0);
            ctx.egress(EgressGate.open(where, "run-" + ctx.runId(), rules, ctx.settings().egressLimits(),
                    events::add, ctx.toolUses()::single), events);
        } catch (RuntimeException e) {
            events.close();
            throw new StageFailure(RunOutcomes.couldNotRunTheAgent(ctx, e), e);
        }
    }

    @Override
    public void finish(RunContext ctx) {
        EgressGate gate = ctx.egressOrNull();
        if (gate != null) {
            gate.close();
        }
        NetworkEventReporter events = ctx.networkEventsOrNull();
        if (events != null) {
            events.close();
        }
    }
}
