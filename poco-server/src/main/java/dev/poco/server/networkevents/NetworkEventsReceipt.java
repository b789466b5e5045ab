package dev.poco.server.networkevents;

/**
 * The answer to a runner's batch of network events.
 *
 * @param received how many events the batch held
 * @param stored how many of them were new; the others had been stored before (a replayed batch) and were skipped
 */
public record NetworkEventsReceipt(int received, int stored) {}
