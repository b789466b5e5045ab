package dev.poco.server.claudemd;

import java.time.OffsetDateTime;

/** A row of {@code user_claude_md_settings}: one per user. */
record ClaudeMdSettings(int id, String userId, boolean enabled, String content, OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {}
