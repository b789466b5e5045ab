package dev.poco.server.schedules;

import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** {@code PATCH /scheduled-tasks/{id}}: a field that is absent or null stays as it is (poco). */
record UpdateScheduledTaskRequest(
        @Size(max = 255) @Nullable String name,
        @Size(max = 100) @Nullable String cron,
        @Size(max = 64) @Nullable String timezone,
        @Size(max = 200_000) @Nullable String prompt,
        @Nullable Boolean enabled) {}
