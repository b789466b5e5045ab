package dev.poco.server.projects;

import java.util.UUID;

/** Published inside the deleting transaction; sessions detach themselves from the project. */
public record ProjectDeleted(UUID projectId, String userId) {}
