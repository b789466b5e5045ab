package dev.poco.server.im;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A row of {@code im_channels}: one chat of one provider, and the Poco user it acts for once linked. */
public record ImChat(
        UUID id,
        String provider,
        String chatId,
        @Nullable String chatType,
        @Nullable String title,
        @Nullable String userId,
        @Nullable OffsetDateTime linkedAt,
        @Nullable String language,
        @Nullable UUID activeSessionId,
        @Nullable OffsetDateTime lastMessageAt,
        OffsetDateTime createdAt,
        @Nullable UUID projectId) {

    public boolean linked() {
        return userId != null;
    }
}
