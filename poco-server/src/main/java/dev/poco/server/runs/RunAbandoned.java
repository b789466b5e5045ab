package dev.poco.server.runs;

import java.util.UUID;

/**
 * The reaper failed a running run because its runner went silent. Published in the failing transaction and kept in
 * Modulith's event publication registry until every listener ran: tools close the run's open tool calls, questions
 * expire the session's pending ones (nobody is left to read the answer). Redelivered at start if the server stopped
 * in between; both listeners are idempotent.
 */
public record RunAbandoned(UUID sessionId, UUID runId) {}
