package dev.poco.server.projects;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of {@code project_members}: {@code role} is {@link ProjectRole#EDITOR} or {@link ProjectRole#VIEWER}. */
record ProjectMember(UUID projectId, String userId, ProjectRole role, String addedBy, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
