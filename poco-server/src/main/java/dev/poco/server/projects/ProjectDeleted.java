package dev.poco.server.projects;

import java.util.UUID;

/**
 * Published inside the deleting transaction and recorded in Modulith's event publication registry; sessions detach
 * themselves from the project once it commits (redelivered at start if that did not finish).
 */
public record ProjectDeleted(UUID projectId, String userId) {}
