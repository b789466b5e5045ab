package dev.poco.server.tasks;

import java.util.UUID;

/** poco's TaskEnqueueResponse: the session and the run a prompt was queued as (also regenerate and edit). */
public record TaskEnqueued(UUID sessionId, UUID runId, String status) {}
