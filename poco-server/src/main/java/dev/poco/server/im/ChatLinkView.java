package dev.poco.server.im;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A chat linked to the caller ({@code GET /im/links}), with the project new tasks from it go to ({@code project_id},
 * {@code project_name}; null: none).
 */
public record ChatLinkView(
        UUID id,
        String provider,
        String chatId,
        @Nullable String chatType,
        @Nullable String title,
        @Nullable String language,
        @Nullable OffsetDateTime linkedAt,
        @Nullable OffsetDateTime lastMessageAt,
        @Nullable UUID activeSessionId,
        @Nullable UUID projectId,
        @Nullable String projectName) {

    static ChatLinkView of(ImChat c, @Nullable String projectName) {
        return new ChatLinkView(c.id(), c.provider(), c.chatId(), c.chatType(), c.title(), c.language(), c.linkedAt(),
                c.lastMessageAt(), c.activeSessionId(), projectName == null ? null : c.projectId(), projectName);
    }
}
