package dev.poco.runner.run;

/**
 * Keeps the run's lease while the later stages work (heartbeats, and a watch that learns of a
 * cancel at once); a cancel interrupts the agent and ends its sandbox after the grace period.
 */
final class KeepLeaseStage implements RunStage {

    @Override
    public void run(RunContext ctx) {
        var settings = ctx.settings();
        ctx.lease(new RunLease(ctx.server(), ctx.runId(), settings.workerId(), settings.leaseSeconds(),
                settings.heartbeatInterval(), ctx::interruptAndKill));
    }

    @Override
    public void finish(RunContext ctx) {
        RunLease lease = ctx.lease();
        if (lease != null) {
            lease.close();
        }
    }
}
