package dev.poco.runner.egress;

/**
 * What one run may use of the network through its gate; past either limit, new connections are refused and a
 * tunnel that crosses the byte limit is closed.
 *
 * @param maxConnections connections the run may open in all (refusals do not count)
 * @param maxBytes bytes in both directions, all connections together
 */
public record EgressLimits(int maxConnections, long maxBytes) {

    /** 2,000 connections and 2 GiB: a large {@code npm install} opens a few hundred and moves a few hundred MB. */
    public static final EgressLimits DEFAULTS = new EgressLimits(2_000, 2L << 30);

    public EgressLimits {
        if (maxConnections < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("egress limits must be positive: " + maxConnections + ", " + maxBytes);
        }
    }
}
