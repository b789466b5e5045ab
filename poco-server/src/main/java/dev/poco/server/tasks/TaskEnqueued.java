package dev.poco.server.tasks;

import java.util.UUID;

/** poco's TaskEnqueueResponse. */
record TaskEnqueued(UUID sessionId, UUID runId, String status) {}
